//! elixir
