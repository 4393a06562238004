"""The checkout's runtimes: where they live and how a process of theirs is run and measured.

Neutral ground shared by the launcher (which starts the stack) and the NLU tools (which train and
evaluate Rasa models), so neither has to import the other.
"""
