"""Account actions: sign-up, password reset, registration help, profile changes, account type,
deletion and the newsletter."""
