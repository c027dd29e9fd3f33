"""The public participation report (/report/): who took part, where, when, and what became
of their input, for the whole concept and for each round, with charts, tables and downloads."""
