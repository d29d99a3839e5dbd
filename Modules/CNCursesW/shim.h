// The only C in Shout: libncursesw's wide-character API, plus small inline wrappers for what Swift cannot use
// directly (function-like macros, and C globals that Swift 6 rejects as shared mutable state).
#ifndef SHOUT_CNCURSESW_SHIM_H
#define SHOUT_CNCURSESW_SHIM_H

// What `pkg-config --cflags ncursesw` asks for, set here because SwiftPM will not pass those flags on.
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/// The standard screen (the C global `stdscr`).
static inline WINDOW *shout_stdscr(void) { return stdscr; }
/// Lines of the terminal (the C global `LINES`).
static inline int shout_lines(void) { return LINES; }
/// Columns of the terminal (the C global `COLS`).
static inline int shout_cols(void) { return COLS; }
/// Number of colours the terminal has (the C global `COLORS`).
static inline int shout_colors(void) { return COLORS; }
/// The attribute of colour pair `n` (the macro `COLOR_PAIR`).
static inline attr_t shout_color_pair(short n) { return (attr_t)COLOR_PAIR(n); }
/// The size of a window (the macro `getmaxyx`).
static inline void shout_getmaxyx(WINDOW *w, int *rows, int *cols) { int y, x; getmaxyx(w, y, x); *rows = y; *cols = x; }

/// Attribute bits (macros in curses.h).
static inline attr_t shout_a_normal(void) { return A_NORMAL; }
static inline attr_t shout_a_bold(void) { return A_BOLD; }
static inline attr_t shout_a_reverse(void) { return A_REVERSE; }
static inline attr_t shout_a_underline(void) { return A_UNDERLINE; }
static inline attr_t shout_a_dim(void) { return A_DIM; }

/// Key codes that are macros in curses.h.
static inline int shout_key_code_yes(void) { return KEY_CODE_YES; }
static inline int shout_key_resize(void) { return KEY_RESIZE; }
static inline int shout_key_f(int n) { return KEY_F(n); }

/// Sets one cell's wide-character content (`setcchar` takes a pointer to a NUL-terminated wchar_t run).
static inline int shout_setcchar(cchar_t *cell, const wchar_t *wch, attr_t attrs, short pair) {
    return setcchar(cell, wch, attrs, pair, NULL);
}

/// Sets the locale from the environment so ncursesw speaks UTF-8; call before `initscr`.
static inline void shout_setlocale_from_environment(void) { setlocale(LC_ALL, ""); }

/// The current-screen window (the C global `curscr`), for `clearok(curscr, TRUE)`.
static inline WINDOW *shout_curscr(void) { return curscr; }

/// What terminfo says of terminal type `term`: -1 when it has no entry, 0 when it cannot draw a full screen (no
/// cursor addressing `cup`, or a hard-copy terminal such as `dumb`), 1 when it can. Reads the entry and frees it
/// again, writing nothing to the terminal; call before `shout_newterm_stdio`.
static inline int shout_terminal_addresses_cursor(const char *term) {
    // From term.h, which is not included: its capability macros (`lines`, `columns`, …) would clash with names here.
    extern int setupterm(const char *, int, int *);
    extern struct term *set_curterm(struct term *);
    extern int del_curterm(struct term *);
    int error = 0;
    if (setupterm(term, 1, &error) != OK) return -1;
    char *cup = tigetstr("cup");
    int addresses = cup != NULL && cup != (char *)-1 && cup[0] != '\0' && tigetflag("hc") <= 0;
    del_curterm(set_curterm(NULL));
    return addresses;
}

/// `newterm` on the process's standard output and input (the C globals `stdout`, `stdin`); NULL if `term` is unknown.
static inline SCREEN *shout_newterm_stdio(const char *term) { return newterm(term, stdout, stdin); }

/// The key code ncurses assigned to the terminfo string capability `name` (`kLFT5`, say), or 0 if it has none.
static inline int shout_key_code_for_capability(const char *name) {
    char *value = tigetstr(name);
    if (value == NULL || value == (char *)-1 || value[0] == '\0') return 0;
    int code = key_defined(value);
    return code > 0 ? code : 0;
}

/// Whether the locale's character set (after `shout_setlocale_from_environment`) is UTF-8.
static inline int shout_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

/// Columns the C library (and so ncurses) gives a character: `wcwidth`, which glibc declares only for X/Open.
static inline int shout_wcwidth(wchar_t character) {
    extern int wcwidth(wchar_t);
    return wcwidth(character);
}

#endif
