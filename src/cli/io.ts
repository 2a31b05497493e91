import cliProgress from 'cli-progress';

/** Where text goes: `process.stdout`/`process.stderr`, or a collector in tests. */
export interface TextSink {
  write(chunk: string): unknown;
  /** True for an interactive terminal (progress bars are drawn only then). */
  readonly isTTY?: boolean;
  /** Terminal width, when known. */
  readonly columns?: number;
}

/** Everything a command touches outside its files: the streams, the environment, the folder. */
export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** Environment variables (`CLVKIT_PSEUDONYM_KEY`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Folder relative paths are resolved against (default `process.cwd()`). */
  readonly cwd?: string;
}

/** A running progress display: `update` with the amount done, `stop` when the step ends. */
export interface Progress {
  update(done: number, payload?: Record<string, string>): void;
  stop(): void;
}

const NO_PROGRESS: Progress = Object.freeze({ update() {}, stop() {} });

/**
 * Messages and progress on stderr. Progress bars are drawn only when stderr is a terminal and
 * `--quiet` is off; notes (what was rejected, warnings) are printed unless `--quiet`; errors
 * always. Timings of every step are kept for `--json`.
 */
export class Reporter {
  /** Wall time and CPU time (user + system, all threads of the process) of every step. */
  readonly timings: { step: string; ms: number; cpuMs: number }[] = [];
  private readonly bars: boolean;
  private steps: { progress: Progress; done: number } | undefined;

  constructor(
    private readonly io: CliIo,
    private readonly quiet: boolean,
  ) {
    this.bars = !quiet && io.stderr.isTTY === true;
  }

  /** A line on stderr unless `--quiet`. */
  note(message: string): void {
    if (!this.quiet) this.io.stderr.write(`${message}\n`);
  }

  /** A warning on stderr unless `--quiet`. */
  warn(message: string): void {
    if (!this.quiet) this.io.stderr.write(`warning: ${message}\n`);
  }

  /** A bar for a step of `total` units (bytes, steps), drawn only on a terminal. */
  progress(label: string, total: number, unit = ''): Progress {
    if (!this.bars || !(total > 0)) return NO_PROGRESS;
    const bar = new cliProgress.SingleBar(
      {
        stream: this.io.stderr as NodeJS.WritableStream,
        format: `${label.padEnd(18)} [{bar}] {percentage}% {detail}`,
        barsize: 30,
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 20,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { detail: unit });
    return {
      update: (done, payload) => bar.update(done, payload ?? { detail: unit }),
      stop: () => bar.stop(),
    };
  }

  /** Starts the bar of a pipeline of `total` steps (advanced by {@link step}). */
  startSteps(total: number): void {
    this.steps = { progress: this.progress('steps', total), done: 0 };
  }

  /** Ends the steps bar. */
  endSteps(): void {
    this.steps?.progress.stop();
    this.steps = undefined;
  }

  private begin(name: string): { wall: number; cpu: NodeJS.CpuUsage } {
    this.steps?.progress.update(this.steps.done, { detail: name });
    return { wall: performance.now(), cpu: process.cpuUsage() };
  }

  private end(name: string, start: { wall: number; cpu: NodeJS.CpuUsage }): void {
    const cpu = process.cpuUsage(start.cpu);
    this.timings.push({
      step: name,
      ms: Math.round(performance.now() - start.wall),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    });
    if (this.steps !== undefined) {
      this.steps.done++;
      this.steps.progress.update(this.steps.done, { detail: name });
    }
  }

  /** Runs a step, timing it and advancing the steps bar. */
  step<T>(name: string, run: () => T): T {
    const start = this.begin(name);
    const result = run();
    this.end(name, start);
    return result;
  }

  /** {@link step} for an asynchronous step. */
  async stepAsync<T>(name: string, run: () => Promise<T>): Promise<T> {
    const start = this.begin(name);
    const result = await run();
    this.end(name, start);
    return result;
  }
}
