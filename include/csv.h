/* csv.h - the CSV side of the spreadsheet reader (sheet.h): RFC 4180 (quoted fields with commas,
 * doubled quotes and line breaks inside quotes), read through textin (UTF-8 with or without BOM,
 * GB18030, UTF-16 with BOM), each row with the line it starts on, cells and rows capped. Knows no record. */
#ifndef LC_CSV_H
#define LC_CSV_H

#include <stddef.h>
#include "sheet.h"

/* A CSV reader over the file at path (read whole through textin, refused over lim->max_file_bytes). NULL with *err (heap, translated, naming the file) when it cannot be read or decoded. */
sheet_reader *csv_open_file(const char *path, const sheet_limits *lim, char **err);
/* A CSV reader over len bytes of UTF-8 text (copied); name stands for the file in messages. */
sheet_reader *csv_open_text(const char *text, size_t len, const char *name, const sheet_limits *lim);

#endif
