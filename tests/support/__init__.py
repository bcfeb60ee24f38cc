"""Test helpers that are neither tests nor shipped with the tool."""
