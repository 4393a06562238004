"""Rasa tracker stores of iCRM Assist (loaded by Rasa from endpoints.yml, PYTHONPATH=bot)."""
