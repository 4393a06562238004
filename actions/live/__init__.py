"""Live chat with a colleague, the assistant's side: the customer's rating of a finished chat."""
