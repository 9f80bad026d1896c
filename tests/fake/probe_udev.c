// SPDX-License-Identifier: GPL-2.0-only
/*
 * Probe for tests/fake/test-shim: what libudev sees.
 *   probe-udev enumerate SUBSYSTEM [SYSATTR...]
 *   probe-udev sysname SUBSYSTEM SYSNAME
 *   probe-udev syspath PATH
 * One line per device: syspath, then key=value pairs.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <libudev.h>

static const char *str(const char *s)
{
	return s ? s : "(null)";
}

static void print_device(struct udev_device *d, int nattr, char **attrs)
{
	struct udev_device *parent = udev_device_get_parent(d);
	int i;

	printf("%s sysname=%s subsystem=%s driver=%s parent=%s slot=%s",
	       udev_device_get_syspath(d), str(udev_device_get_sysname(d)),
	       str(udev_device_get_subsystem(d)),
	       str(udev_device_get_driver(d)),
	       parent ? udev_device_get_syspath(parent) : "(null)",
	       str(udev_device_get_property_value(d, "PCI_SLOT_NAME")));
	for (i = 0; i < nattr; i++)
		printf(" %s=%s", attrs[i],
		       str(udev_device_get_sysattr_value(d, attrs[i])));
	printf("\n");
}

int main(int argc, char **argv)
{
	struct udev *udev = udev_new();
	struct udev_enumerate *e;
	struct udev_list_entry *le;
	struct udev_device *d;
	int r;

	if (!udev || argc < 3) {
		fprintf(stderr,
			"usage: probe-udev enumerate|sysname|syspath ...\n");
		return 2;
	}
	if (!strcmp(argv[1], "enumerate")) {
		e = udev_enumerate_new(udev);
		if (!e)
			return 1;
		udev_enumerate_add_match_subsystem(e, argv[2]);
		r = udev_enumerate_scan_devices(e);
		if (r < 0) {
			fprintf(stderr, "scan: %s\n", strerror(-r));
			return 1;
		}
		udev_list_entry_foreach(le, udev_enumerate_get_list_entry(e)) {
			d = udev_device_new_from_syspath(udev,
					udev_list_entry_get_name(le));
			if (!d) {
				printf("%s error=%s\n",
				       udev_list_entry_get_name(le),
				       strerror(errno));
				continue;
			}
			print_device(d, argc - 3, argv + 3);
			udev_device_unref(d);
		}
		udev_enumerate_unref(e);
	} else if (!strcmp(argv[1], "sysname") && argc >= 4) {
		d = udev_device_new_from_subsystem_sysname(udev, argv[2],
							   argv[3]);
		if (!d) {
			printf("error=%s\n", strerror(errno));
			return 1;
		}
		print_device(d, argc - 4, argv + 4);
		udev_device_unref(d);
	} else if (!strcmp(argv[1], "syspath")) {
		d = udev_device_new_from_syspath(udev, argv[2]);
		if (!d) {
			printf("error=%s\n", strerror(errno));
			return 1;
		}
		print_device(d, argc - 3, argv + 3);
		udev_device_unref(d);
	}
	udev_unref(udev);
	return 0;
}
