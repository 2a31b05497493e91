export type { SimulatedCustomers } from './generate.js';
export type {
  ResolvedSimulateTransactionsOptions,
  SimulateTransactionsOptions,
  SimulationAcquisition,
} from './options.js';
export { SIMULATE_TRANSACTIONS_DEFAULTS } from './options.js';
export type { SimulatedTransactionColumns, SimulatedTransactions } from './transactions.js';
export { simulateTransactionColumns, simulateTransactions } from './transactions.js';
