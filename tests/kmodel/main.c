// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sva-kmodel: the kernel model of the fake-kernel test tier.
 *
 *   vfio-sva-kmodel serve --root ROOT [--stock] [--socket PATH] [-v]
 *   vfio-sva-kmodel ctl [--root ROOT] [--socket PATH] COMMAND [ARGS...]
 *
 * See README.md beside this file.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kmodel.h"

#define EXIT_USAGE	64

static const char usage_text[] =
	"usage: vfio-sva-kmodel serve --root ROOT [--stock] [--socket PATH] [-v]\n"
	"       vfio-sva-kmodel ctl [--root ROOT] [--socket PATH] COMMAND [ARGS...]\n"
	"Play the kernel's VFIO side for commands run under the vfio-sva-fake shim.\n"
	"ctl commands: ping, state, stock on|off, module on|off,\n"
	"fault OP ERRNO [COUNT] [SKIP], faults-clear, quit. The socket defaults to ROOT/" KMODEL_SOCKET_NAME
	" (ctl: $" KMODEL_SOCKET_ENV ",\nelse $VFIO_SVA_FAKE_ROOT/"
	KMODEL_SOCKET_NAME ").\n";

void km_log(const struct km_model *m, const char *fmt, ...)
{
	va_list ap;

	if (!m->verbose)
		return;
	fprintf(stderr, "vfio-sva-kmodel[%d]: ", (int)getpid());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("vfio-sva-kmodel: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (try --help)\n", stderr);
	return EXIT_USAGE;
}

static int join(char *out, const char *dir, const char *base)
{
	char buf[2 * PATH_MAX + 2];
	size_t n;

	if (strlen(base) >= PATH_MAX)
		return -ENAMETOOLONG;
	snprintf(buf, sizeof(buf), "%s/%s", strcmp(dir, "/") ? dir : "", base);
	n = strlen(buf);
	if (n >= KM_SUN_PATH_MAX)
		return -ENAMETOOLONG;
	memcpy(out, buf, n + 1);
	return 0;
}

/* An absolute socket path: the shim compares peer names with it. */
static int socket_path(const char *root, const char *sock, char *out)
{
	char dir[PATH_MAX], tmp[PATH_MAX];
	const char *base;
	size_t dlen;

	if (!sock || !*sock) {
		if (!root || !realpath(root, dir))
			return -ENOENT;
		return join(out, dir, KMODEL_SOCKET_NAME);
	}
	base = strrchr(sock, '/');
	if (!base) {
		strcpy(tmp, ".");
		base = sock;
	} else {
		dlen = (size_t)(base - sock);
		if (dlen >= sizeof(tmp))
			return -ENAMETOOLONG;
		memcpy(tmp, sock, dlen);
		tmp[dlen] = '\0';
		if (!dlen)
			strcpy(tmp, "/");
		base++;
	}
	if (!*base || !realpath(tmp, dir))
		return -ENOENT;
	return join(out, dir, base);
}

static int serve_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "socket", required_argument, NULL, 's' },
		{ "stock", no_argument, NULL, 'S' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct km_model m;
	const char *root = NULL, *sock = NULL;
	struct stat st;
	int c, ret;

	while ((c = getopt_long(argc, argv, "r:s:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			break;
		case 's':
			sock = optarg;
			break;
		case 'S':
			m.stock = true;
			break;
		case 'v':
			m.verbose++;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			return usage_error("bad option");
		}
	}
	if (optind != argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (!root)
		return usage_error("serve needs --root ROOT");
	if (!realpath(root, m.root) || stat(m.root, &st) ||
	    !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "vfio-sva-kmodel: fixture root '%s' is not a directory\n",
			root);
		return 1;
	}
	ret = socket_path(m.root, sock, m.sock_path);
	if (ret) {
		fprintf(stderr, "vfio-sva-kmodel: socket path for %s: %s (at most %d bytes; use --socket)\n",
			sock ? sock : m.root, strerror(-ret),
			KM_SUN_PATH_MAX - 1);
		return 1;
	}
	return km_serve(&m) ? 1 : 0;
}

static int ctl_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "socket", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *root = NULL, *sock = NULL;
	char path[KM_SUN_PATH_MAX];
	int c, ret;

	while ((c = getopt_long(argc, argv, "+r:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			break;
		case 's':
			sock = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			return usage_error("bad option");
		}
	}
	if (optind == argc)
		return usage_error("ctl needs a command");
	if (!root && !sock) {
		sock = getenv(KMODEL_SOCKET_ENV);
		root = getenv("VFIO_SVA_FAKE_ROOT");
		if (sock && !*sock)
			sock = NULL;
	}
	if (!root && !sock)
		return usage_error("ctl needs --root ROOT or --socket PATH");
	ret = socket_path(root, sock, path);
	if (ret) {
		fprintf(stderr, "vfio-sva-kmodel: no model is running for %s: %s\n",
			sock ? sock : root, strerror(-ret));
		return 1;
	}
	return km_ctl_main(path, argc - optind, argv + optind);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("serve or ctl?");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "serve"))
		return serve_main(argc - 1, argv + 1);
	if (!strcmp(argv[1], "ctl"))
		return ctl_main(argc - 1, argv + 1);
	return usage_error("unknown command '%s'", argv[1]);
}
