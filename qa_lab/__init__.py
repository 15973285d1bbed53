"""qa's lab: SQuAD data and metrics, reader training, calibration and evaluation, README numbers.

Not shipped in the wheel. It imports ``qa``; ``qa`` never imports it (tests/product/test_layout.py).
Run it from a checkout: ``python -m qa_lab {train,calibrate,eval-reader,eval,readme}``.
"""
