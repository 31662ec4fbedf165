defmodule Tiny.MixProject do
  use Mix.Project

  def project do
    [
      app: :tiny,
      version: "0.1.0",
      deps: [
        {:jason, "~> 1.2"}
      ]
    ]
  end
end
