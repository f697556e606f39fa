/* SPDX-License-Identifier: MIT */
/*
 * The QMP server's JSON (machine/json.h): the strict parser on valid and
 * invalid texts, the splitter that cuts a client's byte stream into texts
 * (also across reads, and resynchronising after bad bytes), and the writer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../machine/json.h"
#include "expect.h"

static struct json *parse(const char *s)
{
	char err[128];

	return json_parse(s, strlen(s), err, sizeof(err));
}

static bool valid(const char *s)
{
	struct json *j = parse(s);

	json_free(j);
	return j != NULL;
}

static void test_values(void)
{
	struct json *j = parse(
	    " {\"execute\": \"stop\", \"arguments\": {\"n\": -12, \"f\": 1.5e2,"
	    " \"t\": true, \"z\": null, \"a\": [1, \"x\\u00e9\\n\"]}} ");
	const struct json *args, *a;

	EXPECT(j && j->type == JSON_OBJECT && j->n == 2);
	EXPECT(!strcmp(json_get(j, "execute")->str, "stop"));
	args = json_get(j, "arguments");
	EXPECT(args && args->type == JSON_OBJECT);
	EXPECT(json_get(args, "n")->is_int &&
	       json_get(args, "n")->integer == -12);
	EXPECT(!json_get(args, "f")->is_int &&
	       json_get(args, "f")->number == 150.0);
	EXPECT(json_get(args, "t")->boolean);
	EXPECT(json_get(args, "z")->type == JSON_NULL);
	a = json_get(args, "a");
	EXPECT(a && a->type == JSON_ARRAY && a->n == 2);
	EXPECT(!strcmp(a->items[1]->str, "x\xc3\xa9\n"));
	EXPECT(!json_get(j, "missing") && !json_get(a, "x"));
	json_free(j);
}

static void test_invalid(void)
{
	char deep[200];
	int i;

	EXPECT(!valid(""));
	EXPECT(!valid("{"));
	EXPECT(!valid("{\"a\": 1,}"));
	EXPECT(!valid("[1 2]"));
	EXPECT(!valid("{\"a\": 1, \"a\": 2}")); /* duplicate key */
	EXPECT(!valid("{a: 1}"));
	EXPECT(!valid("\"tab\there\"")); /* raw control byte */
	EXPECT(!valid("\"\\x41\""));	 /* bad escape */
	EXPECT(!valid("\"\\u00\""));
	EXPECT(!valid("\"\\u0000\""));	    /* NUL inside a string */
	EXPECT(!valid("\"\xc3\""));	    /* truncated UTF-8 */
	EXPECT(!valid("\"\xed\xa0\x80\"")); /* a surrogate in UTF-8 */
	EXPECT(!valid("01"));
	EXPECT(!valid("1."));
	EXPECT(!valid("tru"));
	EXPECT(!valid("{} {}"));
	for (i = 0; i < 100; i++)
		deep[i] = '[';
	deep[100] = '\0';
	EXPECT(!valid(deep)); /* unterminated and too deep */
	for (i = 0; i < 100; i++)
		deep[100 + i - 0] = ']';
	deep[199] = '\0';
	EXPECT(!valid(deep));
	EXPECT(valid("[[[[1]]]]"));
	EXPECT(valid("\"\\ud83d\\ude00\"")); /* a surrogate pair */
}

struct texts {
	int n, errors;
	char last[64];
};

static void on_text(void *opaque, const char *text, size_t len,
		    const char *error)
{
	struct texts *t = opaque;

	if (error) {
		t->errors++;
		return;
	}
	t->n++;
	snprintf(t->last, sizeof(t->last), "%.*s", (int)len, text);
}

static void feed(struct json_splitter *s, const char *data, struct texts *t)
{
	EXPECT(json_splitter_feed(s, (const uint8_t *)data, strlen(data),
				  on_text, t) == 0);
}

static void test_splitter(void)
{
	struct json_splitter s;
	struct texts t = {0};
	char *big;

	json_splitter_init(&s);
	feed(&s, "{\"a\": \"}\"}{\"b\"", &t);
	EXPECT(t.n == 1 && !strcmp(t.last, "{\"a\": \"}\"}"));
	feed(&s, ": [1, {}]}\n", &t);
	EXPECT(t.n == 2 && !strcmp(t.last, "{\"b\": [1, {}]}"));
	/* Whitespace between texts is dropped; a bare scalar ends at one. */
	feed(&s, "\n  42\n", &t);
	EXPECT(t.n == 3 && !strcmp(t.last, "42"));
	t.n = 2;
	/* A control byte drops the text so far; the next one parses. */
	feed(&s, "{\"c\": \x01 {\"d\": 1}", &t);
	EXPECT(t.errors == 1 && t.n == 3 && !strcmp(t.last, "{\"d\": 1}"));
	/* Too long a text: an error, then input skipped to a newline. */
	big = malloc(JSON_MAX_TEXT + 16);
	EXPECT(big != NULL);
	if (big) {
		big[0] = '[';
		memset(big + 1, '1', JSON_MAX_TEXT + 8);
		big[JSON_MAX_TEXT + 9] = '\0';
		feed(&s, big, &t);
		EXPECT(t.errors == 2);
		feed(&s, "]]]\n{\"e\": 2}", &t);
		EXPECT(t.n == 4 && !strcmp(t.last, "{\"e\": 2}"));
		free(big);
	}
	json_splitter_destroy(&s);
}

static void test_writer(void)
{
	struct json_buf b;
	struct json *j = parse("{\"k\": [1, \"a\\\"b\", null, false]}");

	jb_init(&b);
	jb_cstring(&b, "q\"\\\n\x01");
	EXPECT(b.p && !strcmp(b.p, "\"q\\\"\\\\\\n\\u0001\""));
	jb_free(&b);
	jb_init(&b);
	jb_value(&b, j);
	EXPECT(b.p && !strcmp(b.p, "{\"k\": [1, \"a\\\"b\", null, false]}"));
	jb_free(&b);
	json_free(j);
}

int main(void)
{
	test_values();
	test_invalid();
	test_splitter();
	test_writer();
	if (failures) {
		fprintf(stderr, "test_json: %d failures\n", failures);
		return 1;
	}
	printf("test_json: all checks passed\n");
	return 0;
}
