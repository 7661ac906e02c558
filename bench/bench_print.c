/* bench_print.c - how long the feedback form takes to print as PDF, and how large it is: one form,
 * then a batch of 100 forms in one PDF (as "every form awaiting reply for one unit" prints), then
 * the blank form in duplicate for the same 100, and the text rendering. Prints name,value,unit lines. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "pdf.h"
#include "printform.h"
#include "util.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long
size_of(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* Print sheets n times copies into path; report time and size, total and per page. */
static int
run(const char *name, const char *path, const feedback_sheet *s, size_t n, printform_mode mode, int copies)
{
	char *err = NULL;
	double t0 = now_ms(), ms;
	long pages = (long)n * copies, size;

	if (printform_feedback_pdf(path, s, n, mode, copies, &err) != 0) {
		fprintf(stderr, "bench_print: %s\n", err);
		free(err);
		return -1;
	}
	ms = now_ms() - t0;
	size = size_of(path);
	printf("%s_pages,%ld,pages\n%s_time,%.1f,ms\n%s_time_per_page,%.2f,ms\n%s_size,%ld,bytes\n%s_size_per_page,%ld,bytes\n",
	       name, pages, name, ms, name, ms / pages, name, size, name, size / pages);
	return 0;
}

int
main(void)
{
	static char dir[] = "/tmp/lcbench-print-XXXXXX";
	feedback_sheet *s = xcalloc(100, sizeof *s);
	char numbers[100][8], *one, *batch, *blank, *text;
	double t0, ms;
	size_t i;
	int rc = 0;

	setlocale(LC_ALL, "C.UTF-8");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	for (i = 0; i < 100; i++) {
		snprintf(numbers[i], sizeof numbers[i], "%03zu", i + 1);
		s[i] = (feedback_sheet){
			.proposer = "市政协文化委", .number = numbers[i], .title = "关于提高一刻钟社区生活圈建设质量的提案",
			.phone = "8991332", .satisfaction = (feedback_satisfaction)(1 + i % 3), .opinion = "满意",
			.suggestions = "无", .recommended_units = "", .signature = "張琦", .signed_on = "2024-06-21",
			.handling_unit = "乌海市商务局", .kind = PROPOSAL_KIND_PROPOSAL,
		};
	}
	one = xasprintf("%s/one.pdf", dir);
	batch = xasprintf("%s/batch.pdf", dir);
	blank = xasprintf("%s/blank.pdf", dir);
	/* The first run also pays for fontconfig's start-up: that is what one print from the program costs. */
	rc |= run("one_form", one, s, 1, PRINTFORM_FILLED, 1);
	rc |= run("batch100", batch, s, 100, PRINTFORM_FILLED, 1);
	rc |= run("blank100x2", blank, s, 100, PRINTFORM_BLANK, 2);
	t0 = now_ms();
	for (i = 0; i < 100; i++) {
		text = printform_feedback_text(&s[i], PRINTFORM_FILLED, 72, false);
		free(text);
	}
	ms = now_ms() - t0;
	printf("text100_time,%.1f,ms\ntext_time_per_form,%.3f,ms\n", ms, ms / 100);
	unlink(one);
	unlink(batch);
	unlink(blank);
	rmdir(dir);
	free(one);
	free(batch);
	free(blank);
	free(s);
	pdf_shutdown();
	return rc ? 1 : 0;
}
