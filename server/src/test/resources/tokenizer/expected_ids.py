#!/usr/bin/env python3
"""Expected ids for WhisperTokenizerTest, computed independently with Hugging Face `tokenizers`.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install tokenizers==0.23.3
    gunzip -c whisper-base-tokenizer.json.gz > /tmp/tokenizer.json
    /tmp/venv/bin/python expected_ids.py /tmp/tokenizer.json

    /tmp/venv/bin/python expected_ids.py models/tiny/whisper-tiny-random/tokenizer.json   (TinyModelTokenizerTest)

Prints the ids of each test string (add_special_tokens=False) and openai's non_speech_tokens rule
(whisper/tokenizer.py) evaluated with this tokenizer; the Java test holds these as literals.
"""
import sys

from tokenizers import Tokenizer

tok = Tokenizer.from_file(sys.argv[1])


def enc(text):
    return tok.encode(text, add_special_tokens=False).ids


texts = [" Hello world", "Hello world", " metoprolol 25 mg, café, 東京, emoji 🩺💊",
         "The patient's BP was 120/80 mmHg; she'll take 2.5mg q.d.", "  multiple   spaces\n\nnewlines\t tab ",
         " ♪♪", " Ünïcödé ΑΒΓ абв العربية हिन्दी", " the patient takes metoprolol 25 mg", " café 東京 🩺"]
for t in texts:
    print(repr(t), enc(t))

symbols = list("\"#()*+/:;<=>@[\\]^_`{|}~「」『』")
symbols += "<< >> <<< >>> -- --- -( -[ (' (\" (( )) ((( ))) [[ ]] {{ }} ♪♪ ♪♪♪".split()
misc = set("♩♪♫♬♭♮♯")
result = {enc(" -")[0], enc(" '")[0]}
for symbol in symbols + list(misc):
    for tokens in [enc(symbol), enc(" " + symbol)]:
        if len(tokens) == 1 or symbol in misc:
            result.add(tokens[0])
print(len(result), sorted(result))
