import pytest
import torch

from qa.train_reader import average_states


def test_average_states_means_float_weights_and_keeps_integer_buffers():
    a = {"w": torch.tensor([1.0, 2.0]), "b": torch.tensor([0.5], dtype=torch.float16),
         "ids": torch.tensor([0, 1, 2])}
    b = {"w": torch.tensor([3.0, 6.0]), "b": torch.tensor([1.5], dtype=torch.float16),
         "ids": torch.tensor([0, 1, 2])}
    avg = average_states([a, b])
    assert torch.equal(avg["w"], torch.tensor([2.0, 4.0]))
    assert avg["b"].item() == pytest.approx(1.0)
    assert avg["ids"].dtype == torch.long and torch.equal(avg["ids"], a["ids"])
    assert torch.equal(a["w"], torch.tensor([1.0, 2.0]))  # inputs untouched


def test_average_states_refuses_checkpoints_of_different_models():
    with pytest.raises(ValueError, match="same weights"):
        average_states([{"w": torch.zeros(2)}, {"v": torch.zeros(2)}])
