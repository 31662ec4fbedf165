defmodule Shop.MixProject do
  use Mix.Project

  defp deps do
    [
      {:phoenix, "~> 1.8.1"
    ]
  end
end
