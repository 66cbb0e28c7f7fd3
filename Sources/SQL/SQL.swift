// The SQL module.
