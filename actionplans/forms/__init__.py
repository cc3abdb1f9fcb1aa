"""Forms: they check what people type and say what is wrong in plain English; the domain
services do the writing."""
