defmodule Shop.MixProject do
  use Mix.Project

  def project do
    [
      app: :shop,
      version: "0.1.0",
      elixir: "~> 1.15",
      deps: deps()
    ]
  end

  defp deps do
    [
      {:ash, path: "../ash"},
      {:phoenix, "~> 1.8.1"}
    ]
  end
end
