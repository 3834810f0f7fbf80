/* shortcut.h - the switch of the claims stage's shortcuts: tests that turn
 * off every answer the stage reads from a summary (the lexicon types a
 * sentence holds, the occurrence types a token starts) or a first look (a
 * word after a number has no aside to pass) instead of a scan, and
 * compare the claims made either way. */
#ifndef RK_CLAIMS_SHORTCUT_H
#define RK_CLAIMS_SHORTCUT_H

/* 1 (the default): the shortcuts are taken; 0: every scan runs. */
extern int rk_claims_shortcuts;

/* Sets rk_claims_shortcuts to on, returns what it was. For tests, which
 * compare the claims made either way. Not thread-safe. */
int rk_claims_set_shortcuts(int on);

#endif
