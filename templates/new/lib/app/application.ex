defmodule {= module =}.Application do
  @moduledoc false

  use Application

  @impl true
  def start(_type, _args) do
    children = [
      {= web_module =}.Telemetry,
      {= repo =},
      {DNSCluster, query: dns_cluster_query()},
      {Phoenix.PubSub, name: {= module =}.PubSub},
      # The endpoint starts last, once everything it serves is up.
      {= web_module =}.Endpoint
    ]

    opts = [strategy: :one_for_one, name: {= module =}.Supervisor]
    Supervisor.start_link(children, opts)
  end

  # DNS_CLUSTER_QUERY (config/runtime.exs) lets nodes find each other.
  defp dns_cluster_query do
    Application.get_env(:{= app =}, :dns_cluster_query) || :ignore
  end

  # Keeps the endpoint's configuration in sync on hot upgrades.
  @impl true
  def config_change(changed, _new, removed) do
    {= web_module =}.Endpoint.config_change(changed, removed)
    :ok
  end
end
