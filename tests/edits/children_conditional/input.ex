defmodule Shop.Application do
  @moduledoc false

  use Application

  @impl true
  def start(_type, _args) do
    children = [
      ShopWeb.Telemetry,
      {Phoenix.PubSub, name: Shop.PubSub},
      ShopWeb.Endpoint
    ]

    children =
      if Application.get_env(:shop, :start_repo, true) do
        [Shop.Repo | children]
      else
        children
      end

    opts = [strategy: :one_for_one, name: Shop.Supervisor]
    Supervisor.start_link(children, opts)
  end
end
