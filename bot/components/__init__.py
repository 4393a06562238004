"""Custom Rasa graph components of iCRM Assist (run inside the Rasa 3.6 runtime, Python 3.10)."""
