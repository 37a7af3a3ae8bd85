"""The import wizard (文件 → 导入…, and each tab's Excel button): kind and file, column mapping,
preview of every bad row, then all-or-nothing or only the valid rows."""
