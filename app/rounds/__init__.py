"""Rounds: time-boxed consultations (online, event, network, review), their audience and phase."""
