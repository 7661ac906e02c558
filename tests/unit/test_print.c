/* test_print.c - the feedback form and the reply letter as PDF and as text, read back with the
 * real poppler tools (pdfinfo, pdftotext, pdffonts, pdftoppm) as a person checking a print would. */
#include "config.h"
#include <iconv.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tap.h"
#include "testutil.h"
#include "printform.h"
#include "pdf.h"
#include "utf8.h"
#include "util.h"

static char tmpdir[] = "/tmp/test_print.XXXXXX";

/* The seed's own form (seed 000, first part). */
static const feedback_sheet seed = {
	.proposer = "市政协文化委", .number = "032", .title = "关于提高一刻钟社区生活圈建设质量的提案",
	.phone = "8991332", .satisfaction = FEEDBACK_SAT_SATISFIED, .opinion = "满意", .suggestions = "无",
	.recommended_units = "", .signature = "張琦", .signed_on = "2024-06-21", .handling_unit = "乌海市商务局",
	.kind = PROPOSAL_KIND_PROPOSAL,
};

/* Two paragraphs of the seed's reply letter (shortened). */
#define BODY_P1 "贵委提出的《关于提高一刻钟社区生活圈建设质量的提案》已收悉，市一刻钟社区生活圈领导小组及时将提案转至一刻钟社区生活圈建设各相关牵头部门，现将办理情况答复如下。"
#define BODY_P2 "一、均衡布局新、老城区教育资源方面"
#define BODY_P3 "一是持续扩大义务教育优质资源供给，扎实推进市一中新校区与市十一中学建设，截止目前，已基本完成施工进度，于今年秋季学期正式投入使用。其中，预计市第十一中初中部将分流乌海第九中学 70 人，小学部分流滨河小学 80 人，将有效纾解海勃湾区部分学校大班额、大校额问题，进一步满足人民群众“就近上、上好学、有优教”的需求。二是持续拓宽教育人才引进渠道，紧紧围绕人才引进和公开招聘“黄金期”，通过“走出去”和市内招聘的方式，2023 年以来，全市教育系统引进和招聘教师 447 人，持续优化教师队伍结构。"
#define BODY_P4 "二、优化医疗机构规划布局方面"
#define BODY_P5 "一是规范医疗资源管理。在全市现有33家基层医疗卫生机构的基础上，积极争取市本级项目资金100万元，在人口密度高、老年群众多的小区内设置10个健康驿站，投放健康自检设备和急救设备，建立居民健康自检自评与自我管理的智慧化场所。同时，派出专业医生入驻健康驿站，为居民提供健康管理、慢病随访、常见药物开具等基本医疗服务，实现“居民不动医护动”的服务模式。"
#define BODY_LAST "海南区已完成 500 个新增车位施划。"

/* Output of a shell command (NULL if it could not run or failed). */
static char *
run(const char *fmt, ...)
{
	va_list ap;
	char *cmd, *buf = NULL;
	size_t n = 0, cap = 0, got;
	FILE *p;

	va_start(ap, fmt);
	cmd = xvasprintf(fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	free(cmd);
	if (!p)
		return NULL;
	do {
		if (n + 4097 > cap)
			buf = xrealloc(buf, cap = cap ? cap * 2 : 8192);
		got = fread(buf + n, 1, cap - n - 1, p);
		n += got;
	} while (got > 0);
	buf[n] = '\0';
	if (pclose(p) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static bool
has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle);
}

static int
pdf_pages(const char *path)
{
	char *info = run("pdfinfo '%s'", path), *p;
	int pages = -1;

	if (info && (p = strstr(info, "Pages:")))
		pages = atoi(p + 6);
	free(info);
	return pages;
}

/* A word from pdftotext -bbox: its box in points. */
typedef struct {
	double x0, y0, x1, y1;
	bool found;
} word_box;

/* The first word (smallest yMin, then xMin) on page 1 whose text contains needle and lies below min_y; exact: the word must equal needle. */
static word_box
find_word(const char *bbox, const char *needle, bool exact, double min_y)
{
	word_box best = { 0, 0, 0, 0, false };
	const char *p = bbox, *end_page = strstr(bbox, "</page>");

	while ((p = strstr(p, "<word ")) && (!end_page || p < end_page)) {
		word_box w = { 0, 0, 0, 0, true };
		const char *t = strchr(p, '>'), *e;
		char *text;

		if (!t || sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &w.x0, &w.y0, &w.x1, &w.y1) != 4)
			break;
		e = strstr(t, "</word>");
		text = xstrndup(t + 1, (size_t)(e - t - 1));
		if ((exact ? strcmp(text, needle) == 0 : strstr(text, needle) != NULL) && w.y0 > min_y
		    && (!best.found || w.y0 < best.y0 || (w.y0 == best.y0 && w.x0 < best.x0)))
			best = w;
		free(text);
		p = e;
	}
	return best;
}

/* The lowest yMax of any word on page 1 containing needle between y_from and y_to. */
static double
lowest_word(const char *bbox, const char *needle, double y_from, double y_to)
{
	double low = -1;
	const char *p = bbox, *end_page = strstr(bbox, "</page>");

	while ((p = strstr(p, "<word ")) && (!end_page || p < end_page)) {
		double x0, y0, x1, y1;
		const char *t = strchr(p, '>'), *e = strstr(p, "</word>");
		char *text;

		if (!t || !e || sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &x0, &y0, &x1, &y1) != 4)
			break;
		text = xstrndup(t + 1, (size_t)(e - t - 1));
		if (strstr(text, needle) && y0 > y_from && y0 < y_to && y1 > low)
			low = y1;
		free(text);
		p = e;
	}
	return low;
}

static long
file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* Without any font, printing refuses and names the package (run in a child: fontconfig reads FONTCONFIG_FILE once). */
static void
test_missing_font(void)
{
	char *conf = xasprintf("%s/empty-fonts.conf", tmpdir), *out = xasprintf("%s/nofont.pdf", tmpdir);
	const char *xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig></fontconfig>\n";
	int fds[2], status = 0;
	char msg[1024] = "";
	ssize_t got;
	pid_t pid;

	spew(conf, xml, strlen(xml));
	if (pipe(fds) != 0 || (pid = fork()) < 0) {
		ok(0, "fork for the missing-font test");
		goto out;
	}
	if (pid == 0) {
		char *err = NULL;
		int rc;

		close(fds[0]);
		setenv("FONTCONFIG_FILE", conf, 1);
		if (!freopen("/dev/null", "w", stderr)) /* Pango warns loudly when it has no font at all */
			_exit(3);
		rc = printform_feedback_pdf(out, &seed, 1, PRINTFORM_FILLED, 1, &err);
		if (err && write(fds[1], err, strlen(err)) < 0)
			_exit(3);
		_exit(rc == -1 ? 0 : 1);
	}
	close(fds[1]);
	got = read(fds[0], msg, sizeof msg - 1);
	msg[got > 0 ? got : 0] = '\0';
	close(fds[0]);
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "no CJK font: printing is refused");
	ok(has(msg, "fonts-noto-cjk"), "no CJK font: the message names the package (%s)", msg);
	ok(file_size(out) < 0, "no CJK font: no PDF of empty boxes is left behind");
out:
	free(conf);
	free(out);
}

static void
test_seed_form(void)
{
	char *pdf = xasprintf("%s/seed.pdf", tmpdir), *err = NULL, *text, *info, *fonts, *bbox, *line;
	static const char *const fields[] = {
		"人大代表建议、政协委员提案", "办理情况征询意见表", "代表、委员姓名", "市政协文化委", "建议、提案编号", "032",
		"建议、提案标题", "关于提高一刻钟社区生活圈建设质量的提案", "8991332", "比较满意", "不满意",
		"1. 您对办理情况的意见：", "2. 您有何进一步的建议和要求：", "3. 请您推荐先进承办单位：", "无",
		"代表委员签名：張琦", "2024年6月21日", "注：1.请代表委员在", "市政协办公室", "乌海市商务局", "✓",
	};
	word_box sat, fairly, check, sign, date;
	size_t i;
	int fonts_seen = 0, fonts_ok = 0;
	long size;

	is_int(printform_feedback_pdf(pdf, &seed, 1, PRINTFORM_FILLED, 1, &err), 0, "the seed's form prints (%s)", err ? err : "");
	free(err);
	info = run("pdfinfo '%s'", pdf);
	is_int(pdf_pages(pdf), 1, "one page");
	{
		double pw = 0, ph = 0;
		const char *ps = info ? strstr(info, "Page size:") : NULL;

		ok(ps && sscanf(ps, "Page size: %lf x %lf", &pw, &ph) == 2 && pw > 595.27 && pw < 595.29 && ph > 841.88 && ph < 841.90,
		   "A4: %.3f x %.2f pts", pw, ph);
	}
	text = run("pdftotext -layout '%s' -", pdf);
	for (i = 0; i < sizeof fields / sizeof *fields; i++)
		ok(has(text, fields[i]), "pdftotext gives back %s", fields[i]);

	fonts = run("pdffonts '%s'", pdf);
	for (line = fonts ? strchr(fonts, '\n') : NULL; line && (line = strchr(line + 1, '\n')) && line[1];) {
		char *eol = strchr(line + 1, '\n'), *row = xstrndup(line + 1, eol ? (size_t)(eol - line - 1) : strlen(line + 1));

		/* columns end with: emb sub uni object-number generation */
		char *tok[64];
		int nt = 0;
		for (char *t = strtok(row, " "); t && nt < 64; t = strtok(NULL, " "))
			tok[nt++] = t;
		fonts_seen++;
		if (nt >= 5 && !strcmp(tok[nt - 5], "yes") && !strcmp(tok[nt - 4], "yes"))
			fonts_ok++;
		free(row);
	}
	ok(fonts_seen > 0 && fonts_ok == fonts_seen, "pdffonts: all %d fonts embedded and subset (%d)", fonts_seen, fonts_ok);

	bbox = run("pdftotext -bbox '%s' -", pdf);
	sat = find_word(bbox ? bbox : "", "满意", true, 0);
	fairly = find_word(bbox ? bbox : "", "比较满意", true, 0);
	check = find_word(bbox ? bbox : "", "✓", true, 0);
	ok(sat.found && fairly.found && check.found, "the column labels and the ✓ are words on the page");
	{
		double cx = (check.x0 + check.x1) / 2, sc = (sat.x0 + sat.x1) / 2, fc = (fairly.x0 + fairly.x1) / 2;
		double col = (190.0 - 108.0) / 3 * 72 / 25.4; /* the column width in points */

		ok(check.x0 >= sc - col / 2 && check.x1 <= sc + col / 2 && cx < (sc + fc) / 2,
		   "the ✓ (x %.1f–%.1f) is in the 满意 column (label at %.1f–%.1f)", check.x0, check.x1, sat.x0, sat.x1);
		ok(check.y0 > sat.y1 && check.y0 - sat.y1 < 60, "the ✓ is under the 满意 label (y %.1f below %.1f)", check.y0, sat.y1);
	}
	sign = find_word(bbox ? bbox : "", "代表委员签名", false, 0);
	date = find_word(bbox ? bbox : "", "2024年6月21日", false, 0);
	ok(sign.found && date.found && sign.x0 > 595.28 / 2 && date.x0 > 595.28 / 2 && date.y0 > sign.y1,
	   "signature and date at the right, the date under the signature");

	size = file_size(pdf);
	ok(size > 5000 && size < 150000, "one form is tens of kilobytes: %ld bytes", size);
	printf("# seed form: %ld bytes for one page\n", size);
	free(text);
	free(info);
	free(fonts);
	free(bbox);
	free(pdf);
}

/* 32-bit big-endian number at p. */
static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* The page rendered by pdftoppm: a PNG of A4's size at 50 dpi, and (as PGM) ink on it. */
static void
test_render(void)
{
	char *pdf = xasprintf("%s/seed.pdf", tmpdir), *png = xasprintf("%s/page.png", tmpdir);
	char *pgm = xasprintf("%s/page.pgm", tmpdir), *cmd, *data;
	size_t len = 0, i, dark = 0;
	int w = 0, h = 0, maxv = 0, off = 0;

	cmd = run("pdftoppm -r 50 -png -singlefile '%s' '%s/page' && pdftoppm -r 50 -gray -singlefile '%s' '%s/page' && echo done",
	          pdf, tmpdir, pdf, tmpdir);
	ok(has(cmd, "done"), "pdftoppm renders the page");
	free(cmd);
	data = slurp(png, &len);
	ok(data && len > 1000 && !memcmp(data, "\x89PNG", 4), "the PNG is not empty (%zu bytes)", len);
	if (data && len > 24) {
		unsigned long pw = be32((unsigned char *)data + 16), ph = be32((unsigned char *)data + 20);

		ok(pw >= 413 && pw <= 414 && ph >= 584 && ph <= 585, "the PNG is A4 at 50 dpi: %lux%lu", pw, ph);
	} else {
		ok(0, "the PNG has a header");
	}
	free(data);
	data = slurp(pgm, &len);
	if (data && sscanf(data, "P5 %d %d %d%n", &w, &h, &maxv, &off) == 3 && (size_t)(off + 1 + w * h) <= len) {
		for (i = 0; i < (size_t)(w * h); i++)
			dark += (unsigned char)data[off + 1 + i] < 128;
		ok(dark > (size_t)(w * h) / 100 && dark < (size_t)(w * h) / 4,
		   "the page has ink: %zu of %d pixels dark", dark, w * h);
	} else {
		ok(0, "the grey image can be read");
	}
	free(data);
	free(pdf);
	free(png);
	free(pgm);
}

static void
test_blank_copies(void)
{
	char *pdf = xasprintf("%s/blank.pdf", tmpdir), *err = NULL, *text;

	is_int(printform_feedback_pdf(pdf, &seed, 1, PRINTFORM_BLANK, 2, &err), 0, "the blank form prints");
	free(err);
	is_int(pdf_pages(pdf), 2, "copies 2: two pages (一式两份)");
	text = run("pdftotext -layout '%s' -", pdf);
	ok(has(text, "市政协文化委") && has(text, "032") && has(text, "关于提高一刻钟社区生活圈建设质量的提案") && has(text, "8991332"),
	   "blank: the header is filled");
	ok(has(text, "满意") && has(text, "比较满意") && has(text, "不满意") && has(text, "代表委员签名："),
	   "blank: the boxes and the signature line are there");
	ok(!has(text, "✓"), "blank: no box is checked");
	ok(!has(text, "張琦") && !has(text, "2024年6月21日") && !has(text, "无\n") && !has(text, "： 无"),
	   "blank: no answers, no signature, no date");
	ok(text && strstr(text, "\f") && has(strstr(text, "\f"), "市政协文化委"), "blank: the second copy has the header too");
	free(text);
	free(pdf);
}

/* 3000 characters of opinion stay in their box: the following question and the signature are below it, on page 1. */
static void
test_long_opinion(void)
{
	char *pdf = xasprintf("%s/long.pdf", tmpdir), *err = NULL, *bbox, *text, *longtext = xmalloc(3000 * 3 + 1);
	feedback_sheet s = seed;
	word_box q1, q2, sign;
	double low;
	size_t i;

	/* 300 times ten characters; 建设质量 finds its words on the page */
	longtext[0] = '\0';
	for (i = 0; i < 300; i++)
		strcat(longtext, "建设质量要再提高一步");
	s.opinion = longtext;
	is_int(printform_feedback_pdf(pdf, &s, 1, PRINTFORM_FILLED, 1, &err), 0, "a form with 3000 characters of opinion prints");
	free(err);
	is_int(pdf_pages(pdf), 1, "it stays on one page");
	bbox = run("pdftotext -bbox '%s' -", pdf);
	text = run("pdftotext '%s' -", pdf);
	q1 = find_word(bbox ? bbox : "", "您对办理情况的意见", false, 0);
	q2 = find_word(bbox ? bbox : "", "您有何进一步的建议和要求", false, 0);
	sign = find_word(bbox ? bbox : "", "代表委员签名", false, 0);
	low = lowest_word(bbox ? bbox : "", "建设质量", q1.y1, 842);
	ok(q1.found && q2.found && sign.found, "the questions and the signature are on page 1");
	ok(low > q1.y1 && low < q2.y0, "the opinion ends (y %.1f) above the next question (y %.1f)", low, q2.y0);
	ok(sign.y0 > q2.y1, "the signature line is below it");
	ok(has(text, "…"), "the cut text ends in …");
	free(bbox);
	free(text);
	free(longtext);
	free(pdf);
}

static void
test_batch(void)
{
	char *pdf = xasprintf("%s/batch.pdf", tmpdir), *err = NULL, *text;
	feedback_sheet s[3] = { seed, seed, seed };

	s[1].number = "033";
	s[1].satisfaction = FEEDBACK_SAT_DISSATISFIED;
	s[2].number = "034";
	s[2].satisfaction = FEEDBACK_SAT_NONE;
	is_int(printform_feedback_pdf(pdf, s, 3, PRINTFORM_FILLED, 1, &err), 0, "three forms print into one PDF");
	free(err);
	is_int(pdf_pages(pdf), 3, "one page each");
	text = run("pdftotext -f 3 -l 3 '%s' -", pdf);
	ok(has(text, "034") && !has(text, "✓"), "page 3 is the third form, with no box checked");
	free(text);
	is_int(printform_feedback_pdf(pdf, s, 3, PRINTFORM_BLANK, 2, &err), 0, "three blank forms in duplicate");
	free(err);
	is_int(pdf_pages(pdf), 6, "two pages each");
	free(pdf);
}

static void
test_reply(void)
{
	char *pdf = xasprintf("%s/reply.pdf", tmpdir), *err = NULL, *text, *last, *body;
	reply_sheet r = {
		.result_class = "A", .unit = "乌海市商务局", .session = "市政协十届三次会议", .number = "32",
		.kind = PROPOSAL_KIND_PROPOSAL, .addressee = "市政协文化委", .leader = "李俊晶", .contact = "崔国萍",
		.contact_phone = "13274736850", .copy_to = "市人大选任联或市政协提案委、市政府督查室",
	};
	int pages;

	body = xasprintf("%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s", BODY_P1, BODY_P2, BODY_P3, BODY_P4, BODY_P5, BODY_P3, BODY_P5, BODY_LAST);
	r.body = body;
	is_int(printform_reply_pdf(pdf, &r, 1, &err), 0, "the reply letter prints");
	free(err);
	pages = pdf_pages(pdf);
	ok(pages >= 2, "its body spans pages: %d", pages);
	text = run("pdftotext -layout '%s' -", pdf);
	ok(has(text, "〔办理结果 A〕"), "result class line");
	ok(has(text, "乌海市商务局关于") && has(text, "市政协十届三次会议第 32 号提案") && has(text, "办理情况的答复函"),
	   "title line names unit, session and number");
	ok(has(text, "市政协文化委："), "addressee");
	ok(has(text, "已收悉") && has(text, "服务模式"), "body text extractable");
	ok(text && (strstr(text, "\n二、优化医疗机构规划布局方面") || strstr(text, " 二、优化医疗机构规划布局方面")),
	   "a heading paragraph starts its own line");
	last = run("pdftotext -f %d -l %d '%s' -", pages, pages, pdf);
	ok(has(last, "海南区已完成") && has(last, "分管领导：李俊晶") && has(last, "联系人：崔国萍")
	   && has(last, "联系方式：13274736850") && has(last, "抄送：市人大选任联或市政协提案委、市政府督查室"),
	   "the last page ends the body, then leader, contact, phone, copy-to");
	free(last);
	free(text);
	free(body);
	free(pdf);
}

/* Display width of each line between the box's first and last line. */
static void
check_box_widths(const char *text, int width, const char *what)
{
	char *copy = xstrdup(text), *save = NULL, *line;
	static const char *const starts[] = { "+", "|", "┌", "│", "├", "└" };
	int lines = 0, bad = 0;
	size_t i;

	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		for (i = 0; i < sizeof starts / sizeof *starts; i++)
			if (str_starts_with(line, starts[i])) {
				lines++;
				bad += (int)utf8_width_cols(line) != width;
				break;
			}
	ok(lines > 20 && bad == 0, "%s: all %d box lines are %d columns wide (%d are not)", what, lines, width, bad);
	free(copy);
}

/* Column (display) of needle's first occurrence in the line of text that contains it after skip lines containing it. */
static int
col_of(const char *text, const char *needle, int skip)
{
	const char *p = text;
	int n;

	for (n = 0; (p = strstr(p, needle)); p++, n++)
		if (n == skip) {
			const char *bol = p;
			char *pre;
			int cols;

			while (bol > text && bol[-1] != '\n')
				bol--;
			pre = xstrndup(bol, (size_t)(p - bol));
			cols = (int)utf8_width_cols(pre);
			free(pre);
			return cols;
		}
	return -1;
}

static void
test_text(void)
{
	char *box = printform_feedback_text(&seed, PRINTFORM_FILLED, 72, false);
	char *ascii = printform_feedback_text(&seed, PRINTFORM_FILLED, 80, true);
	char *blank = printform_feedback_text(&seed, PRINTFORM_BLANK, 72, false), *err = NULL, *gb;
	static const char *const fields[] = {
		"人大代表建议、政协委员提案 办理情况征询意见表", "市政协文化委", "032", "关于提高一刻钟社区生活圈建设质量的提案",
		"8991332", "满意", "比较满意", "不满意", "1. 您对办理情况的意见：", "无", "代表委员签名：張琦", "2024年6月21日",
		"乌海市商务局", "注：1.请代表委员在",
	};
	size_t i, len = 0;
	int label, mark;

	for (i = 0; i < sizeof fields / sizeof *fields; i++)
		ok(has(box, fields[i]) && has(ascii, fields[i]), "text form has %s", fields[i]);
	check_box_widths(box, 72, "box-drawing");
	check_box_widths(ascii, 80, "ASCII");
	ok(!strstr(ascii, "─") && !strstr(ascii, "│"), "ASCII mode draws with +-| only");
	for (const char *l = box, *eol; (eol = strchr(l, '\n')); l = eol + 1)
		printf("# %.*s\n", (int)(eol - l), l);
	label = col_of(box, "满意", 0);
	mark = col_of(box, "√", 0);
	ok(label >= 0 && mark >= label - 2 && mark <= label + 4, "the √ (column %d) is under 满意 (column %d)", mark, label);
	ok(strstr(strstr(box, "√") + 1, "√") && !strstr(strstr(blank, "√") + 1, "√") && !has(blank, "張琦") && !has(blank, "2024年") && has(blank, "市政协文化委"),
	   "blank text form: header only (the one √ is in the note)");
	check_box_widths(blank, 72, "blank");

	gb = printform_encode(box, "GB18030", &len, &err);
	ok(gb && len > 0 && memmem(gb, len, "\xC2\xFA\xD2\xE2", 4), "GB18030: 满意 is C2FA D2E2");
	if (gb) {
		/* back to UTF-8 with the test's own iconv: the same text, nothing lost */
		iconv_t cd = iconv_open("UTF-8", "GB18030");
		size_t inleft = len, outleft = len * 2 + 16;
		char *back = xmalloc(outleft + 1), *inp = gb, *outp = back;

		ok(iconv(cd, &inp, &inleft, &outp, &outleft) != (size_t)-1 && inleft == 0, "the GB18030 text decodes");
		*outp = '\0';
		is_str(back, box, "GB18030 round trip gives the same text");
		iconv_close(cd);
		free(back);
	}
	free(gb);
	ok(printform_encode("x", "NO-SUCH-CHARSET", &len, &err) == NULL && has(err, "NO-SUCH-CHARSET"),
	   "an unknown encoding is refused by name");
	free(err);
	free(box);
	free(ascii);
	free(blank);
}

static void
test_date_and_fit(void)
{
	char *s = printform_date_cn("2024-06-21"), *err = NULL, *pdf = xasprintf("%s/fit.pdf", tmpdir);
	pdf_style st = { PRINTFORM_FONT_SERIF, 12, 8, false, PDF_ALIGN_LEFT, false, 0 };
	pdf_doc *d;
	double used, size = 0;

	is_str(s, "2024年6月21日", "date printed the Chinese way");
	free(s);
	s = printform_date_cn("2024-6-1");
	is_str(s, "2024-6-1", "a date not in YYYY-MM-DD is printed as given");
	free(s);
	d = pdf_open(pdf, PRINTFORM_FONT_SERIF, &err);
	ok(d != NULL, "pdf_open");
	if (!d)
		return;
	pdf_page_new(d);
	used = pdf_text_box(d, 20, 20, 50, 30, "短", &st, &size);
	ok(size == 12 && used > 0 && used < 10, "short text keeps its size (%.1f pt, %.1f mm)", size, used);
	used = pdf_text_box(d, 20, 60, 50, 30, "一刻钟社区生活圈建设质量要再提高一步，让居民就近办事。一刻钟社区生活圈建设质量要再提高一步，让居民就近办事。一刻钟社区生活圈建设质量要再提高一步。", &st, &size);
	ok(size < 12 && size >= 8 && used <= 30, "longer text shrinks to fit (%.1f pt, %.1f mm)", size, used);
	ok(pdf_text_height(d, 50, "一\n二\n三", &st) > 3 * 12 * 25.4 / 72 * 0.9, "three paragraphs are three lines high");
	is_int(pdf_page_count(d), 1, "one page begun");
	is_int(pdf_close(d, &err), 0, "pdf_close");
	d = pdf_open("/nonexistent-dir/x.pdf", PRINTFORM_FONT_SERIF, &err);
	ok(!d && has(err, "/nonexistent-dir/x.pdf"), "an unwritable path is refused by name (%s)", err ? err : "");
	free(err);
	free(pdf);
}

/* The reply letter as plain text: every part in order, no line wider than asked, each paragraph
 * indented, the long title broken before 办理情况的答复函, ASCII rules in ASCII mode, GB18030 out. */
static void
test_reply_text(void)
{
	reply_sheet r = {
		.result_class = "A", .unit = "乌海市商务局", .session = "市政协十届三次会议", .number = "32",
		.kind = PROPOSAL_KIND_PROPOSAL, .addressee = "市政协文化委", .leader = "李俊晶", .contact = "崔国萍",
		.contact_phone = "13274736850", .copy_to = "市人大选任联或市政协提案委、市政府督查室",
	};
	static const char *const order[] = {
		"〔办理结果 A〕", "乌海市商务局关于市政协十届三次会议第 32 号提案", "办理情况的答复函", "市政协文化委：",
		"　　贵委提出的", "　　二、优化医疗机构规划布局方面", "分管领导：李俊晶", "联系人：崔国萍",
		"联系方式：13274736850", "抄送：市人大选任联或市政协提案委、市政府督查室",
	};
	char *body = xasprintf("%s\n%s\n%s\n%s", BODY_P1, BODY_P3, BODY_P4, BODY_LAST), *t, *ascii, *err = NULL, *gb;
	const char *at;
	size_t i, len = 0;
	int widest = 0, over = 0;

	r.body = body;
	t = printform_reply_text(&r, 60, false);
	for (i = 0, at = t; i < sizeof order / sizeof *order; i++) {
		const char *f = strstr(at, order[i]);
		if (!ok(f != NULL, "reply text has, in order: %s", order[i]))
			break;
		at = f + strlen(order[i]);
	}
	for (const char *l = t, *eol; (eol = strchr(l, '\n')); l = eol + 1) {
		char *line = xstrndup(l, (size_t)(eol - l));
		int w = (int)utf8_width_cols(line);
		widest = w > widest ? w : widest;
		over += w > 60;
		free(line);
	}
	ok(over == 0 && widest > 50, "no line is wider than 60 columns (widest %d)", widest);
	ok(has(t, "\n办理情况的答复函") || has(t, " 办理情况的答复函"), "the long title breaks before 办理情况的答复函");
	ok(has(t, "────────") && !has(t, "--------"), "copy-to between box-drawing rules");
	ascii = printform_reply_text(&r, 60, true);
	ok(has(ascii, "--------") && !has(ascii, "─"), "ASCII mode rules with -");
	r.copy_to = "";
	free(t);
	t = printform_reply_text(&r, 72, false);
	ok(!has(t, "抄送") && !has(t, "─"), "no copy-to: no rules, no 抄送");
	ok(has(t, "乌海市商务局关于市政协十届三次会议第 32 号提案办理情况的答复函"), "at 72 columns the title fits one line");
	gb = printform_encode(t, "GB18030", &len, &err);
	ok(gb && len > 0 && !memmem(gb, len, "分管领导", strlen("分管领导")), "it encodes to GB18030");
	free(gb);
	free(err);
	free(ascii);
	free(t);
	free(body);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! no temporary directory\n");
		return 1;
	}
	/* First, before this process loads any font: the child changes fontconfig's configuration. */
	test_missing_font();
	test_seed_form();
	test_render();
	test_blank_copies();
	test_long_opinion();
	test_batch();
	test_reply();
	test_text();
	test_reply_text();
	test_date_and_fit();
	pdf_shutdown();
	if (!getenv("KEEP_TMP"))
		rm_rf(tmpdir);
	return tap_done();
}
