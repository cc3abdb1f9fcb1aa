"""Importing an existing plan from a Word document, a spreadsheet or a CSV file."""
