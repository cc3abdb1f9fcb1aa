"""The demo partnerships: three real plans transcribed in fixtures/, and a login for every role."""
