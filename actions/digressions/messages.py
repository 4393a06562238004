"""What the customer reads when a new request ends the form that was open."""

LEAVING = "OK, let's leave {task} for now."
