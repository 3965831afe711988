"""pulje's engine: answer file → model → rules → documents → pages → report → archive, with the
project office's desk and submission on top. ``cli.py`` is its command line; ``schemas`` its
answer models. Which package may import which is in the README's layout table."""
