/* fuzz_xlsx.c - libFuzzer target for the .xlsx reader: any bytes as a workbook, every sheet read
 * to the end. Not part of make check. Build and run (from the top of a configured tree):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -I. tests/fuzz/fuzz_xlsx.c \
 *     src/io/xlsx.c src/util/util.c $(pkg-config --cflags --libs libzip expat) -lm -o fuzz_xlsx
 *   mkdir -p corpus && ./fuzz_xlsx -max_len=65536 -max_total_time=600 corpus
 * Seed the corpus with small real workbooks (the unit test's are written to a temporary
 * directory; keep some by copying them out of tests/unit/test_xlsx's run). */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Smaller caps than the program's so that one input stays fast; the checks are the same. */
	xlsx_limits lim = XLSX_LIMITS_DEFAULT;
	char *err = NULL;
	xlsx_book *b;

	lim.max_total_bytes = 8 << 20;
	lim.max_part_bytes = 4 << 20;
	b = xlsx_open_buffer(data, size, "fuzz.xlsx", &lim, &err);
	if (!b) {
		free(err);
		return 0;
	}
	for (size_t i = 0; i < xlsx_sheet_count(b); i++) {
		xlsx_sheet *s = xlsx_sheet_open(b, xlsx_sheet_name(b, i), &err);
		xlsx_row row;
		size_t total = 0;
		int r;

		if (!s) {
			free(err);
			err = NULL;
			continue;
		}
		while ((r = xlsx_sheet_next(s, &row, &err)) == 1)
			for (size_t c = 0; c < row.n; c++)
				total += strlen(row.cells[c]);	/* every cell must be a string */
		if (r < 0) {
			free(err);
			err = NULL;
		}
		xlsx_sheet_close(s);
		(void)total;
	}
	xlsx_close(b);
	return 0;
}
