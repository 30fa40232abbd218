"""stance_tagger: placeholder replaced below."""
