"""Encoder batches bounded by tokens (core/encoders/onnx_encoder.token_batches)."""

from core.encoders.onnx_encoder import token_batches


def test_long_texts_go_a_few_at_a_time_and_short_ones_many():
    lengths = [512] * 20 + [64] * 100
    batches = token_batches(lengths, batch_size=32, token_budget=8 * 512)
    assert [len(b) for b in batches[:3]] == [8, 8, 8]  # led by a 512-token text
    assert all(len(b) == 32 for b in batches[3:6])  # short ones up to the count bound
    assert [i for b in batches for i in b] == list(range(len(lengths)))  # each once, in order


def test_every_batch_padded_to_its_first_text_stays_within_the_budget():
    lengths = sorted([7, 300, 512, 45, 128, 90, 511, 3, 250] * 9, reverse=True)
    for batch in token_batches(lengths, batch_size=32, token_budget=1024):
        assert len(batch) * lengths[batch.start] <= 1024 or len(batch) == 1


def test_a_text_longer_than_the_budget_is_still_encoded_alone():
    assert token_batches([5000, 10], batch_size=32, token_budget=1024) == [range(0, 1),
                                                                          range(1, 2)]
    assert token_batches([], batch_size=32, token_budget=1024) == []
