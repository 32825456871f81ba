# Everything Coder Tasks needs lives in this file.
