//! `scaffold doctor` on a generated project of 5,000 Elixir source files of
//! about 100 lines each (contexts with Repo queries, Ecto schemas, LiveViews,
//! controllers, GenServers, Ash resources and domains, helpers and
//! migrations), plus 1,000 test files. The project is written to a
//! temporary directory by the bench itself.
//!
//! `cargo bench --bench doctor` (needs `[[bench]] name = "doctor"`,
//! `harness = false` in Cargo.toml). Set `DOCTOR_BENCH_FILES` to change
//! the number of source files, `DOCTOR_BENCH_DIR` to keep the generated
//! project in that directory.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use scaffold::doctor::{analyze, Options};
use scaffold::project::Project;

fn context(i: usize) -> String {
    let mut s = format!(
        "defmodule Shop.Area{i}.Context do\n  @moduledoc \"\"\"\n  The boundary for area {i}: listing, loading and changing its records.\n  \"\"\"\n\n  import Ecto.Query, warn: false\n\n  alias Shop.Repo\n  alias Shop.Area{i}.Item\n\n"
    );
    for f in 0..6 {
        let _ = write!(
            s,
            "  @doc \"\"\"\n  Returns the items of kind {f}, newest first.\n  \"\"\"\n  def list_items_{f}(opts \\\\ []) do\n    limit = Keyword.get(opts, :limit, 50)\n\n    Item\n    |> where([i], i.kind == {f})\n    |> order_by(desc: :inserted_at)\n    |> limit(^limit)\n    |> Repo.all()\n  end\n\n  def get_item_{f}!(id), do: Repo.get!(Item, id)\n\n"
        );
    }
    if i.is_multiple_of(10) {
        s.push_str("  def items_for(ids) do\n    Enum.map(ids, fn id -> Repo.get(Item, id) end)\n  end\n\n");
    } else {
        s.push_str(
            "  def items_for(ids) do\n    Repo.all(from i in Item, where: i.id in ^ids)\n  end\n\n",
        );
    }
    s.push_str("  def change_item(%Item{} = item, attrs \\\\ %{}) do\n    Item.changeset(item, attrs)\n  end\nend\n");
    s
}

fn schema(i: usize) -> String {
    let mut s = format!(
        "defmodule Shop.Area{i}.Item do\n  @moduledoc \"\"\"\n  A record of area {i}.\n  \"\"\"\n\n  use Ecto.Schema\n  import Ecto.Changeset\n\n  schema \"area{i}_items\" do\n"
    );
    for f in 0..38 {
        let _ = writeln!(s, "    field :field_{f}, :string");
    }
    s.push_str("    field :kind, :integer\n\n    timestamps(type: :utc_datetime)\n  end\n\n  @doc false\n  def changeset(item, attrs) do\n    item\n    |> cast(attrs, [\n");
    for f in 0..38 {
        let _ = writeln!(s, "      :field_{f},");
    }
    s.push_str("      :kind\n    ])\n    |> validate_required([:kind])\n    |> validate_number(:kind, greater_than_or_equal_to: 0)\n  end\nend\n");
    s
}

fn live(i: usize) -> String {
    let mut s = format!(
        "defmodule ShopWeb.Area{i}Live.Index do\n  use ShopWeb, :live_view\n\n  alias Shop.Area{i}.Context\n\n  @impl true\n  def mount(_params, _session, socket) do\n    {{:ok, stream(socket, :items, Context.list_items_0())}}\n  end\n\n  @impl true\n  def render(assigns) do\n    ~H\"\"\"\n    <Layouts.app flash={{@flash}}>\n      <.header>\n        Area {i}\n        <:actions>\n          <.button navigate={{~p\"/area{i}/new\"}}>New</.button>\n        </:actions>\n      </.header>\n\n      <.table id=\"items\" rows={{@streams.items}}>\n"
    );
    for f in 0..60 {
        let _ = writeln!(
            s,
            "        <:col :let={{{{_id, item}}}} label=\"Field {f}\">{{item.field_{f}}}</:col>"
        );
    }
    s.push_str("      </.table>\n    </Layouts.app>\n    \"\"\"\n  end\n\n  @impl true\n  def handle_event(\"delete\", %{\"id\" => id}, socket) do\n    item = Context.get_item_0!(id)\n    {:noreply, stream_delete(socket, :items, item)}\n  end\n\n  @impl true\n  def handle_info({:saved, item}, socket) do\n    {:noreply, stream_insert(socket, :items, item)}\n  end\nend\n");
    s
}

fn controller(i: usize) -> String {
    let mut s = format!("defmodule ShopWeb.Area{i}Controller do\n  use ShopWeb, :controller\n\n  alias Shop.Area{i}.Context\n\n");
    for f in 0..7 {
        let _ = write!(
            s,
            "  def show_{f}(conn, %{{\"id\" => id}}) do\n    item = Context.get_item_{f}!(id)\n\n    conn\n    |> put_status(:ok)\n    |> render(:show, item: item)\n  end\n\n  def index_{f}(conn, params) do\n    limit = params |> Map.get(\"limit\", \"50\") |> String.to_integer()\n    items = Context.list_items_{f}(limit: limit)\n    render(conn, :index, items: items)\n  end\n\n"
        );
    }
    s.push_str("  def health(conn, _params), do: text(conn, \"ok\")\nend\n");
    s
}

fn genserver(i: usize) -> String {
    let mut s = format!(
        "defmodule Shop.Workers.Worker{i} do\n  @moduledoc \"\"\"\n  Keeps counters for area {i} in memory.\n  \"\"\"\n\n  use GenServer\n\n  def start_link(opts) do\n    GenServer.start_link(__MODULE__, opts, name: __MODULE__)\n  end\n\n  def get(key), do: GenServer.call(__MODULE__, {{:get, key}})\n  def bump(key), do: GenServer.cast(__MODULE__, {{:bump, key}})\n\n  @impl true\n  def init(_opts), do: {{:ok, %{{}}}}\n\n  @impl true\n  def handle_call({{:get, key}}, _from, state) do\n    {{:reply, Map.get(state, key, 0), state}}\n  end\n\n  @impl true\n  def handle_cast({{:bump, key}}, state) do\n    {{:noreply, Map.update(state, key, 1, &(&1 + 1))}}\n  end\n"
    );
    for f in 0..12 {
        let _ = write!(s, "\n  @doc false\n  def helper_{f}(value) when is_integer(value) do\n    value * {f} + 1\n  end\n\n  def helper_{f}(_), do: 0\n");
    }
    s.push_str("end\n");
    s
}

fn resource(i: usize, domain: usize) -> String {
    let mut s = format!(
        "defmodule Shop.Catalog{domain}.Product{i} do\n  use Ash.Resource,\n    otp_app: :shop,\n    domain: Shop.Catalog{domain},\n    data_layer: AshPostgres.DataLayer,\n    authorizers: [Ash.Policy.Authorizer]\n\n  postgres do\n    table \"products_{i}\"\n    repo Shop.Repo\n  end\n\n  actions do\n    defaults [:read, :destroy, create: :*, update: :*]\n  end\n\n  policies do\n    policy action_type(:read) do\n      authorize_if always()\n    end\n\n    policy action_type([:create, :update, :destroy]) do\n      authorize_if actor_present()\n    end\n  end\n\n  attributes do\n    uuid_primary_key :id\n\n"
    );
    for f in 0..17 {
        let _ = write!(
            s,
            "    attribute :attr_{f}, :string do\n      public? true\n    end\n\n"
        );
    }
    s.push_str("    timestamps()\n  end\nend\n");
    s
}

fn domain(d: usize, resources: &[usize]) -> String {
    let mut s = format!(
        "defmodule Shop.Catalog{d} do\n  use Ash.Domain, otp_app: :shop\n\n  resources do\n"
    );
    for r in resources {
        let _ = write!(s, "    resource Shop.Catalog{d}.Product{r} do\n      define :get_product_{r}, action: :read, get_by: [:id]\n    end\n\n");
    }
    s.push_str("  end\nend\n");
    s
}

fn helper(i: usize) -> String {
    let mut s = format!("defmodule Shop.Util.Helper{i} do\n  @moduledoc \"\"\"\n  String and number helpers, part {i}.\n  \"\"\"\n\n");
    for f in 0..11 {
        let _ = write!(
            s,
            "  @doc \"Formats `value` the way page {f} shows it.\"\n  def format_{f}(value) when is_binary(value) do\n    value\n    |> String.trim()\n    |> String.downcase()\n  end\n\n  def format_{f}(value), do: to_string(value)\n\n"
        );
    }
    s.push_str("end\n");
    s
}

fn migration(i: usize) -> String {
    let mut s = format!(
        "defmodule Shop.Repo.Migrations.CreateArea{i}Items do\n  use Ecto.Migration\n\n  def change do\n    create table(:area{i}_items) do\n"
    );
    for f in 0..84 {
        let _ = writeln!(s, "      add :field_{f}, :string");
    }
    let _ = write!(
        s,
        "      add :kind, :integer\n      add :owner_id, references(:users, on_delete: :nothing)\n\n      timestamps(type: :utc_datetime)\n    end\n\n    create index(:area{i}_items, [:owner_id])\n  end\nend\n"
    );
    s
}

fn test_file(i: usize) -> String {
    let mut s = format!("defmodule Shop.Area{i}.ContextTest do\n  use Shop.DataCase, async: true\n\n  alias Shop.Area{i}.Context\n\n");
    for f in 0..6 {
        let _ = write!(s, "  test \"list_items_{f}/1 starts empty\" do\n    assert Context.list_items_{f}() == []\n  end\n\n");
    }
    s.push_str("end\n");
    s
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Writes the synthetic project; returns (source files, total lines).
fn generate(root: &Path, files: usize) -> (usize, usize) {
    write(
        root,
        "mix.exs",
        "defmodule Shop.MixProject do\n  use Mix.Project\n\n  def project do\n    [app: :shop, version: \"0.1.0\", deps: deps()]\n  end\n\n  def application do\n    [mod: {Shop.Application, []}]\n  end\n\n  defp deps do\n    [{:phoenix, \"~> 1.8\"}, {:ash, \"~> 3.0\"}, {:ash_postgres, \"~> 2.0\"}]\n  end\nend\n",
    );
    let groups = files / 100;
    let mut domains_cfg = Vec::new();
    let mut children = Vec::new();
    let mut count = 0;
    let mut lines = 0;
    let mut put = |rel: String, text: String| {
        lines += text.lines().count();
        count += 1;
        write(root, &rel, &text);
    };
    for g in 0..groups {
        let base = g * 100;
        for k in 0..28 {
            let i = base + k;
            put(format!("lib/shop/area{i}/context.ex"), context(i));
        }
        for k in 0..14 {
            let i = base + k;
            put(format!("lib/shop/area{i}/item.ex"), schema(i));
        }
        for k in 0..10 {
            let i = base + k;
            put(format!("lib/shop_web/live/area{i}_live/index.ex"), live(i));
        }
        for k in 0..10 {
            let i = base + k;
            put(
                format!("lib/shop_web/controllers/area{i}_controller.ex"),
                controller(i),
            );
        }
        for k in 0..4 {
            let i = base + k;
            put(format!("lib/shop/workers/worker{i}.ex"), genserver(i));
            children.push(format!("Shop.Workers.Worker{i}"));
        }
        let resources: Vec<usize> = (base..base + 10).collect();
        for r in &resources {
            put(
                format!("lib/shop/catalog{g}/product{r}.ex"),
                resource(*r, g),
            );
        }
        put(format!("lib/shop/catalog{g}.ex"), domain(g, &resources));
        domains_cfg.push(format!("Shop.Catalog{g}"));
        for k in 0..13 {
            let i = base + k;
            put(format!("lib/shop/util/helper{i}.ex"), helper(i));
        }
        for k in 0..10 {
            let i = base + k;
            put(
                format!(
                    "priv/repo/migrations/{:014}_create_area{i}_items.exs",
                    20250101000000u64 + i as u64
                ),
                migration(i),
            );
        }
    }
    for g in 0..groups * 20 {
        write(
            root,
            &format!("test/shop/area{g}/context_test.exs"),
            &test_file(g),
        );
    }
    let mut app = String::from("defmodule Shop.Application do\n  use Application\n\n  @impl true\n  def start(_type, _args) do\n    children = [\n      Shop.Repo,\n");
    for c in &children {
        let _ = writeln!(app, "      {c},");
    }
    app.push_str("      ShopWeb.Endpoint\n    ]\n\n    Supervisor.start_link(children, strategy: :one_for_one, name: Shop.Supervisor)\n  end\nend\n");
    write(root, "lib/shop/application.ex", &app);
    write(
        root,
        "config/config.exs",
        &format!(
            "import Config\n\nconfig :shop, ecto_repos: [Shop.Repo], ash_domains: [{}]\n",
            domains_cfg.join(", ")
        ),
    );
    (count, lines)
}

fn bench(c: &mut Criterion) {
    let files: usize = std::env::var("DOCTOR_BENCH_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5000);
    let dir = tempfile::tempdir().unwrap();
    // DOCTOR_BENCH_DIR keeps the generated project (to profile the binary).
    let root =
        std::env::var_os("DOCTOR_BENCH_DIR").map_or_else(|| dir.path().to_path_buf(), Into::into);
    let (count, lines) = generate(&root, files);
    let project = Project::load(&root, None).unwrap();
    let opts = Options::default();
    // One timed run first, the figure quoted in the README.
    let start = Instant::now();
    let report = analyze(&project, &opts).unwrap();
    let took = start.elapsed();
    eprintln!(
        "doctor: {count} source files ({lines} lines, ~{} lines/file) + {} test files: {took:.2?}; read {}, parsed {}, {} findings",
        lines / count.max(1),
        files / 5,
        report.files_read,
        report.files_parsed,
        report.findings.len()
    );
    let mut group = c.benchmark_group("doctor");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function(format!("analyze_{count}_files"), |b| {
        b.iter(|| analyze(&project, &opts).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
