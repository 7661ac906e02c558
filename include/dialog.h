/* dialog.h - modal dialogs over the current screen: confirmation, message, choice. */
#ifndef LC_DIALOG_H
#define LC_DIALOG_H

#include <stdbool.h>

/* Ask a yes/no question; Enter or y answers yes, Esc or n no. Survives resizes. */
bool dialog_confirm(const char *title, const char *question);
/* Show a message until Enter or Esc. */
void dialog_message(const char *title, const char *message);
/* Offer n labelled options; returns the chosen index, or -1 for Esc. */
int dialog_choose(const char *title, const char *question, const char *const *options, int n);

#endif
