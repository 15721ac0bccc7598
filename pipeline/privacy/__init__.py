"""Privacy: keeping every name and address a person has not chosen to have printed out of every output."""
