/* dialog.h - modal dialogs over the current screen: questions, message, choice, pick list. */
#ifndef LC_DIALOG_H
#define LC_DIALOG_H

#include <stdbool.h>
#include <stddef.h>

/* Ask a yes/no question; Enter answers the default (highlighted), y yes, n or Esc no. Survives resizes. */
bool dialog_ask(const char *title, const char *question, bool default_yes);
/* dialog_ask with yes as the default. */
bool dialog_confirm(const char *title, const char *question);
/* Show a message until Enter or Esc. */
void dialog_message(const char *title, const char *message);
/* Offer n labelled options; returns the chosen index, or -1 for Esc. */
int dialog_choose(const char *title, const char *question, const char *const *options, int n);
/* A scrollable list of n labels starting at current: digits pick by number (1 then 2 = 12), other typed text (letters, Chinese) filters; Enter returns the highlighted index, Esc -1. marked (may be NULL) shows [x] beside chosen ones. */
int dialog_pick(const char *title, const char *const *labels, size_t n, size_t current, const bool *marked);
/* Ask for one line of text of at most max_chars characters (control characters cannot be typed). On Enter, check (may be NULL) gets the text: NULL accepts it, a heap message is shown in the dialog, which stays open. Returns the text as typed (heap) or NULL for Esc. */
char *dialog_input(const char *title, const char *prompt, size_t max_chars,
    char *(*check)(const char *text, void *ud), void *ud);
/* dialog_input starting from the text initial (the cursor at its end). */
char *dialog_input_text(const char *title, const char *prompt, const char *initial, size_t max_chars,
    char *(*check)(const char *text, void *ud), void *ud);
/* Ask for a passphrase: nothing typed is shown, not even its length; the editor is wiped after. Returns the text (heap; wipe and free it) or NULL for Esc. */
char *dialog_secret(const char *title, const char *prompt, size_t max_chars);

#endif
