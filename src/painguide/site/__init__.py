"""painguide on the web: the static site (`painguide site`) and what the server (`painguide serve`) shares with it."""
