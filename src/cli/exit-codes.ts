/**
 * Exit codes, documented in `vmsoak --help`. 1 is "the measurement says no" (a CI gate),
 * 2 is "you asked for something wrong", 70 is EX_SOFTWARE from sysexits.h: a bug in vmsoak.
 */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;
/** 128 + SIGINT, as shells report a process stopped by Ctrl-C. */
export const EXIT_INTERRUPTED = 130;
