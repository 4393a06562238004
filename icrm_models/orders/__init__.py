"""Orders as the customer may see and change them: status, latest orders, cancellation under
the policies, change requests, delivery addresses. Shared by the action server, CLI and shop."""
