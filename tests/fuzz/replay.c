// SPDX-License-Identifier: GPL-2.0
/*
 * Run a fuzz target over files without libFuzzer, so that `make check`
 * replays the saved inputs (tests/fuzz/regressions, tests/fuzz/seeds) with
 * gcc and the sanitizers. Prints one PASS line per target and input set.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	uint8_t *buf;
	size_t size;
	long len;
	FILE *f;

	f = fopen(path, "rb");
	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return -1;
	}
	size = (size_t)len;
	buf = malloc(size ? size : 1);
	if (!buf || fread(buf, 1, size, f) != size) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, size);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int i, files = 0, bad = 0;

	for (i = 2; i < argc; i++) {
		DIR *d = opendir(argv[i]);
		struct dirent *de;

		if (!d) {
			if (run_file(argv[i]))
				bad++;
			else
				files++;
			continue;
		}
		while ((de = readdir(d))) {
			char path[4096];

			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i],
				 de->d_name);
			if (run_file(path))
				bad++;
			else
				files++;
		}
		closedir(d);
	}
	/* a crash never gets here: the runner counts the missing PASS */
	if (bad)
		printf("FAIL: fuzz: %s: %d input(s) unreadable\n", argv[1], bad);
	else
		printf("PASS: fuzz: %s: %d input(s) replayed\n", argv[1], files);
	return bad ? 1 : 0;
}
