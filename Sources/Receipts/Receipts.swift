// The Receipts module.
