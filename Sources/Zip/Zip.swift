// The Zip module.
