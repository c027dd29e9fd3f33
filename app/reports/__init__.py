"""Exports of the concept (DOCX, print view and PDF, the table of goals and measures as XLSX
and CSV, open-data JSON) and the staff's XLSX of all contributions of a round."""
