"""Golden values for test/random/source.test.ts: an independent re-implementation of
createRandom (splitmix32-style seeding, FNV-1a string hash, sfc32) on Python integers masked
to 32 bits. Run with Python 3 (made with CPython 3.11.7): python3 test/random/golden-stream.py
"""

MASK = 0xFFFFFFFF


def imul(a, b):
    return (a * b) & MASK


def mix(z):
    z &= MASK
    z = imul(z ^ (z >> 16), 0x21F0AAAD)
    z = imul(z ^ (z >> 15), 0x735A2D97)
    return (z ^ (z >> 15)) & MASK


def fnv1a_utf16(text):
    data = text.encode("utf-16-le")
    h = 0x811C9DC5
    for i in range(0, len(data), 2):
        h = imul(h ^ int.from_bytes(data[i : i + 2], "little"), 0x01000193)
    return h


def create_random(seed):
    if isinstance(seed, str):
        low, high = fnv1a_utf16(seed), 0
    else:
        low, high = seed & MASK, (seed >> 32) & MASK
    m = (low + 0x9E3779B9) & MASK
    a = mix(m)
    m = (m + 0x9E3779B9) & MASK
    b = mix(m) ^ high
    m = (m + 0x9E3779B9) & MASK
    c = mix(m)
    state = [a, b, c, 1]

    def next_uint32():
        a, b, c, d = state
        t = (a + b + d) & MASK
        d = (d + 1) & MASK
        a = b ^ (b >> 9)
        b = (c + (c << 3)) & MASK
        c = ((c << 21) | (c >> 11)) & MASK
        c = (c + t) & MASK
        state[:] = [a, b, c, d]
        return t

    for _ in range(15):
        next_uint32()
    return lambda: next_uint32() / 2**32


if __name__ == "__main__":
    for seed in [42, 0, -1, 2**40 + 3, "experiment-1", "", "é€😀"]:
        random = create_random(seed)
        print(repr(seed), [repr(random()) for _ in range(3)])
