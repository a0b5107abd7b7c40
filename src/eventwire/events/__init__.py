"""Events: the trigger lexicon and the PLOVER event coder."""
