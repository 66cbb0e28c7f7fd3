// The XML module.
