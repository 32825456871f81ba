"""One Terraform module directory: its reference graph and the plan of what to remove.

Every file of the directory is read (siblings through the run, so edits made earlier in the
run count) and the plan is made for the whole module before any file is edited. A removal
is a group: the block a rule removes (the seed) and everything that must go with it so that
no reference dangles: arguments and map entries whose whole value is a reference to a
removed thing (safe), and blocks that only exist for what is removed (unsafe). A reference
that no such step resolves blocks the group; the group then has no fix and says why.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tree_sitter import Node

from migrator import coderapi
from migrator.frontends.terraform_syntax import Attribute, Block, Ref, TfFile, parse_file

MODULE_META_ARGUMENTS = frozenset(
    {"source", "version", "count", "for_each", "depends_on", "providers", "lifecycle"}
)
# Coder resources that only decorate or extend a workspace: when their count or for_each
# depends on something removed, they exist only for the task flow.
_VERSION = re.compile(r"(?P<op>~>|>=|<=|!=|=|>|<)?\s*v?(?P<major>\d+)(?:\.\d+)*")


@dataclass
class Member:
    """Something a group removes."""

    role: str  # "seed", "drop", "dependent", "merged", "feeds"
    code: str | None  # the rule whose finding it gets, if any
    file: TfFile
    node: Node
    start: int
    end: int
    label: str
    address: str | None = None
    via: Ref | None = None
    unsafe: bool = False
    agent: coderapi.AgentModule | None = None
    kind: str = ""  # "unused-key" for a key variable left behind
    owner: str = ""  # the block an argument belongs to

    def refers_to(self, address: str) -> bool:
        """True when something inside this member refers to ``address``."""
        return any(
            ref.address == address
            and self.node.start_byte <= ref.node.start_byte
            and ref.node.end_byte <= self.node.end_byte
            for ref in self.file.refs
        )

    @property
    def key(self) -> tuple[str, int, int]:
        return (str(self.file.path), self.node.start_byte, self.node.end_byte)


@dataclass
class Blocker:
    ref: Ref
    reason: str
    label: str = ""  # what is blocked, when it is not the reference's own text

    @property
    def text(self) -> str:
        return self.label or self.ref.text


@dataclass
class Group:
    seed: Member
    members: list[Member] = field(default_factory=list)
    blockers: list[Blocker] = field(default_factory=list)
    unselected: list[Member] = field(default_factory=list)
    broken: bool = False  # a part of the module tree-sitter could not parse is involved

    @property
    def unsafe(self) -> bool:
        return any(member.unsafe for member in self.members)

    @property
    def fixable(self) -> bool:
        return not self.blockers and not self.unselected and not self.broken

    def members_in(self, file: TfFile) -> list[Member]:
        return [m for m in self.members if m.file is file]


@dataclass
class Note:
    """A finding without a fix that belongs to no group."""

    code: str
    file: TfFile
    start: int
    end: int
    message: str


@dataclass
class _Decl:
    address: str
    file: TfFile
    node: Node
    block: Block | None
    attribute: Attribute | None


def _module_dir(path: Path) -> Path:
    return Path(os.path.abspath(path)).parent


class ModuleGraph:
    """All ``.tf`` files of one directory, with what they declare and reference."""

    def __init__(
        self,
        current: TfFile,
        siblings: list[TfFile],
        editable: frozenset[Path],
        read_file: Callable[[Path], str | None],
    ) -> None:
        self.current = current
        self.files = [current, *siblings]
        self.editable = editable
        self.read_file = read_file
        self.directory = _module_dir(current.path)
        self.declarations: dict[str, _Decl] = {}
        self.refs_to: dict[str, list[Ref]] = {}
        self._blocks: dict[tuple[str, int, int], Block] = {}
        self._attributes: dict[tuple[str, int, int], Attribute] = {}
        for file in self.files:
            self._index(file)
        self.is_root = any(
            block.type == "resource" and block.resource_type == "coder_agent"
            for file in self.files
            for block in file.blocks
        )

    @classmethod
    def load(
        cls,
        current: TfFile,
        read_file: Callable[[Path], str | None],
        run_files: frozenset[Path],
    ) -> ModuleGraph:
        here = Path(os.path.abspath(current.path))
        siblings = []
        for path in sorted(current.path.parent.glob("*.tf")):
            if Path(os.path.abspath(path)) == here or not path.is_file():
                continue
            text = read_file(path)
            if text is not None:
                siblings.append(parse_file(path, text))
        editable = frozenset(
            {here} | {Path(os.path.abspath(f.path)) for f in siblings} & run_files
        )
        return cls(current, siblings, editable, read_file)

    def with_text(self, text: str) -> ModuleGraph:
        """The same module with the current file's text replaced."""
        current = parse_file(self.current.path, text)
        return ModuleGraph(current, self.files[1:], self.editable, self.read_file)

    def _index(self, file: TfFile) -> None:
        name = str(file.path)
        for block in file.all_blocks():
            self._blocks[(name, block.node.start_byte, block.node.end_byte)] = block
            for attribute in block.attributes.values():
                key = (name, attribute.node.start_byte, attribute.node.end_byte)
                self._attributes[key] = attribute
        for block in file.blocks:
            if block.address is not None:
                self.declarations.setdefault(
                    block.address, _Decl(block.address, file, block.node, block, None)
                )
            if block.type == "locals":
                for attribute in block.attributes.values():
                    address = f"local.{attribute.name}"
                    self.declarations.setdefault(
                        address, _Decl(address, file, attribute.node, block, attribute)
                    )
        for ref in file.refs:
            self.refs_to.setdefault(ref.address, []).append(ref)

    def is_editable(self, file: TfFile) -> bool:
        return Path(os.path.abspath(file.path)) in self.editable

    def unresolved(self) -> list[Ref]:
        return [
            ref for file in self.files for ref in file.refs if ref.address not in self.declarations
        ]

    def block_of(self, node: Node, file: TfFile) -> Block | None:
        return self._blocks.get((str(file.path), node.start_byte, node.end_byte))

    def attribute_of(self, node: Node, file: TfFile) -> Attribute | None:
        return self._attributes.get((str(file.path), node.start_byte, node.end_byte))

    def top_blocks(self) -> Iterable[Block]:
        for file in self.files:
            yield from file.blocks

    def child_variables(self, module: Block) -> dict[str, bool] | None:
        """For a module with a local source: its variables and whether each has a default."""
        source = module.string_attribute("source")
        if source is None or not source.startswith(("./", "../")):
            return None
        child = Path(os.path.normpath(module.file.path.parent / source))
        if not child.is_dir():
            return None
        out: dict[str, bool] = {}
        for path in sorted(child.glob("*.tf")):
            text = self.read_file(path)
            if text is None:
                continue
            for block in parse_file(path, text).blocks:
                if block.type == "variable" and len(block.labels) == 1:
                    out[block.labels[0]] = "default" in block.attributes
        return out


# --- what a block is --------------------------------------------------------------------------


def agent_module(block: Block) -> coderapi.AgentModule | None:
    if block.type != "module" or block.parent is not None:
        return None
    source = block.string_attribute("source")
    return coderapi.agent_module_for_source(source) if source else None


def lowest_major(block: Block) -> int | None:
    """The lowest major version a module's version constraint allows, when it says."""
    constraint = block.string_attribute("version")
    if not constraint:
        return None
    lowest = None
    for part in constraint.split(","):
        match = _VERSION.search(part)
        if match is not None and (match.group("op") or "=") in ("=", "~>", ">=", ">"):
            major = int(match.group("major"))
            lowest = major if lowest is None else max(lowest, major)
    return lowest


def tasks_dropped(block: Block, agent: coderapi.AgentModule) -> bool:
    """True when the module's version constraint only allows majors without Tasks."""
    major = lowest_major(block)
    last = agent.last_tasks_major
    return last is not None and major is not None and major > last


def next_major_dropped_tasks(block: Block, agent: coderapi.AgentModule) -> bool:
    """True for the last major with Tasks inputs (claude-code and codex 4.x): the way out
    is the next major, not removing inputs one by one."""
    major = lowest_major(block)
    return agent.last_tasks_major is not None and major == agent.last_tasks_major


def is_ai_prompt_parameter(block: Block) -> bool:
    return (
        block.type == "data"
        and block.resource_type == "coder_parameter"
        and block.string_attribute("name") == coderapi.AI_PROMPT_PARAMETER
    )


def env_name(file: TfFile, element: Node) -> str | None:
    key = element.child_by_field_name("key")
    if key is None:
        return None
    text = file.node_text(key).strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    if re.fullmatch(r"[A-Za-z_][\w-]*", text):
        return text
    return None


# --- the planner ------------------------------------------------------------------------------


class Planner:
    """Makes the groups and the notes for one module."""

    def __init__(
        self,
        graph: ModuleGraph,
        selected: Callable[[str], bool],
        suppressed: Callable[[Member], bool] = lambda member: False,
    ) -> None:
        self.graph = graph
        self.selected = selected
        # Whether a sibling file suppresses a finding: its own run keeps that block, so
        # this file keeps its share of the removal too.
        self.suppressed = suppressed
        self.groups: list[Group] = []
        self.notes: list[Note] = []
        self._seeds: dict[tuple[str, int, int], Member] = {}
        self._env_elements: list[tuple[TfFile, Node, str]] = []
        self._coder_envs: list[tuple[Block, str]] = []
        for file in graph.files:
            for element in file.object_elements():
                name = env_name(file, element)
                if name is not None:
                    self._env_elements.append((file, element, name))
        for block in graph.top_blocks():
            if block.type == "resource" and block.resource_type == "coder_env":
                name = block.string_attribute("name")
                if name is not None:
                    self._coder_envs.append((block, name))

    # --- seeds --------------------------------------------------------------------------

    def _seed_members(self) -> list[Member]:
        seeds: list[Member] = []
        tasks_wired = self._module_has_task_wiring()
        for block in self.graph.top_blocks():
            code = None
            if block.type == "resource" and block.resource_type == coderapi.AI_TASK_RESOURCE:
                code = "TC501"
            elif block.type == "data" and block.resource_type == coderapi.TASK_DATA_SOURCE:
                code = "TC502"
            elif is_ai_prompt_parameter(block):
                code = "TC503"
            if code is not None:
                seeds.append(self._block_member("seed", code, block))
                continue
            agent = agent_module(block)
            if agent is None or tasks_dropped(block, agent):
                continue
            if self._agent_wired(block, agent, tasks_wired):
                member = self._block_member("seed", "TC506", block, unsafe=True)
                member.agent = agent
                seeds.append(member)
            if not next_major_dropped_tasks(block, agent):
                for name in coderapi.MODULE_REPORT_INPUTS:
                    attribute = block.attributes.get(name)
                    if attribute is not None:
                        member = self._attribute_member("seed", "TC504", attribute, True)
                        member.owner = block.address or block.describe()
                        seeds.append(member)
        seeds.extend(self._unused_key_variables())
        return seeds

    def _unused_key_variables(self) -> list[Member]:
        """A template's LLM key variable that nothing reads: left behind by the removal of
        its agent module (in this run or earlier), it still asks for a key on every push."""
        if not self.graph.is_root:
            return []
        out = []
        for block in self.graph.top_blocks():
            if block.type != "variable" or len(block.labels) != 1:
                continue
            if block.labels[0] not in coderapi.LLM_KEY_VARIABLES:
                continue
            if self.graph.refs_to.get(f"var.{block.labels[0]}"):
                continue
            member = self._block_member("seed", "TC506", block, unsafe=True)
            member.kind = "unused-key"
            out.append(member)
        return out

    def _module_has_task_wiring(self) -> bool:
        for block in self.graph.top_blocks():
            if block.resource_type in (coderapi.AI_TASK_RESOURCE, coderapi.TASK_DATA_SOURCE):
                return True
            if is_ai_prompt_parameter(block):
                return True
        return any(coderapi.is_prompt_env(name) for _f, _e, name in self._env_elements) or any(
            coderapi.is_prompt_env(name) for _b, name in self._coder_envs
        )

    def _agent_wired(self, block: Block, agent: coderapi.AgentModule, tasks_wired: bool) -> bool:
        if any(name in block.attributes for name in coderapi.MODULE_TASK_INPUTS):
            return True
        # Up to the major that dropped Tasks, the module reports to Tasks by default: it
        # stays wired after its prompt input is gone.
        if agent.last_tasks_major is not None:
            return True
        return tasks_wired

    def _block_member(
        self, role: str, code: str | None, block: Block, unsafe: bool = False
    ) -> Member:
        return Member(
            role,
            code,
            block.file,
            block.node,
            block.start,
            block.header_end,
            block.address or block.describe(),
            block.address,
            unsafe=unsafe,
        )

    def _attribute_member(
        self, role: str, code: str | None, attribute: Attribute, unsafe: bool = False
    ) -> Member:
        return Member(
            role,
            code,
            attribute.file,
            attribute.node,
            attribute.start,
            attribute.end,
            attribute.name,
            unsafe=unsafe,
        )

    # --- groups -------------------------------------------------------------------------

    def plan(self) -> Planner:
        seeds = [seed for seed in self._seed_members() if self.selected(seed.code or "")]
        for seed in seeds:
            self._seeds[seed.key] = seed
        for seed in seeds:
            self.groups.append(self._close(seed))
        self.groups.sort(key=lambda g: (g.unsafe, not g.fixable, g.seed.start))
        self._add_notes()
        return self

    def _close(self, seed: Member) -> Group:
        group = Group(seed)
        members: dict[tuple[str, int, int], Member] = {}
        removed: set[str] = set()

        def add(member: Member) -> None:
            if member.key in members:
                return
            members[member.key] = member
            if member.address:
                removed.add(member.address)
            if member.agent is not None:
                for extra in self._fed_by(member):
                    if self.graph.is_editable(extra.file):
                        add(extra)

        add(seed)
        while True:
            before = len(members)
            blockers: list[Blocker] = []
            for address in sorted(removed):
                for ref in self.graph.refs_to.get(address, []):
                    if self._inside(ref, members.values()):
                        continue
                    outcome = self._classify(ref, seed)
                    if isinstance(outcome, Member):
                        add(outcome)
                    else:
                        blockers.append(outcome)
            if len(members) == before:
                for variable in self._key_variables(members.values()):
                    if self.graph.is_editable(variable.file):
                        add(variable)
            if len(members) == before:
                group.blockers = _unique_blockers(blockers)
                break
        group.members = sorted(members.values(), key=lambda m: (str(m.file.path), m.start))
        for member in group.members:
            substantive = member.role in ("seed", "dependent", "merged", "feeds")
            if member.file is not self.graph.current and substantive and self.suppressed(member):
                group.blockers.append(Blocker(_pseudo_ref(member), "suppressed", member.label))
                break
        for member in group.members:
            # An argument or entry that only fed the removed block is part of its removal;
            # a block of its own is a removal the user may have deselected.
            substantive = member.role in ("dependent", "merged", "feeds")
            if substantive and member.code is not None and not self.selected(member.code):
                group.unselected.append(member)
            if member.file.error_count() and _has_error(member.node):
                group.broken = True
            if not self.graph.is_editable(member.file) and not group.blockers:
                group.blockers.append(Blocker(_pseudo_ref(member), "read-only", member.label))
        # A file of the module that tree-sitter cannot read fully may hide a reference.
        if any(m.address for m in group.members) and any(
            f.error_count() for f in self.graph.files
        ):
            group.broken = True
        return group

    @staticmethod
    def _inside(ref: Ref, members: Iterable[Member]) -> bool:
        for member in members:
            if member.file is ref.file and (
                member.node.start_byte <= ref.node.start_byte
                and ref.node.end_byte <= member.node.end_byte
            ):
                return True
        return False

    def _fed_by(self, module: Member) -> list[Member]:
        """Env entries on the agent that only feed an agent module (its key, its slug)."""
        agent = module.agent
        assert agent is not None
        names = set(agent.key_env) | set(agent.legacy_env) | {coderapi.STATUS_SLUG_ENV}
        out = []
        for file, element, name in self._env_elements:
            if name in names:
                code = "TC505" if coderapi.is_prompt_env(name) else "TC506"
                out.append(
                    Member(
                        "feeds",
                        code,
                        file,
                        element,
                        *file.span(element),
                        name,
                        unsafe=True,
                    )
                )
        for block, name in self._coder_envs:
            if name in names:
                code = "TC505" if coderapi.is_prompt_env(name) else "TC506"
                member = self._block_member("feeds", code, block, unsafe=True)
                out.append(member)
        return out

    def _key_variables(self, members: Iterable[Member]) -> list[Member]:
        """LLM key variables that only fed removed things."""
        members = list(members)
        agents = [m for m in members if m.agent is not None]
        if not agents or not self.graph.is_root:
            return []  # a child module's variables are its interface
        out = []
        for address, declaration in self.graph.declarations.items():
            if not address.startswith("var.") or declaration.block is None:
                continue
            refs = self.graph.refs_to.get(address, [])
            if not refs or not all(self._inside(ref, members) for ref in refs):
                continue
            if any(
                m.key == (str(declaration.file.path), *_span_bytes(declaration.node))
                for m in members
            ):
                continue
            if not any(self._feeds_key(ref, agents) for ref in refs):
                continue
            variable = self._block_member("feeds", "TC506", declaration.block, unsafe=True)
            out.append(variable)
        return out

    def _feeds_key(self, ref: Ref, agents: list[Member]) -> bool:
        attribute, element = self._carrier_names(ref)
        if element is not None and element in coderapi.LLM_KEY_ENV:
            return True
        for agent in agents:
            assert agent.agent is not None
            if attribute is not None and attribute in agent.agent.key_inputs:
                top = self._top_block(ref)
                if top is not None and top.node == agent.node:
                    return True
            if attribute == "value":
                top = self._top_block(ref)
                name = top.string_attribute("name") if top is not None else None
                if name in coderapi.LLM_KEY_ENV:
                    return True
        return False

    def _carrier_names(self, ref: Ref) -> tuple[str | None, str | None]:
        """The attribute and the map key that directly hold ``ref``."""
        node = ref.node.parent
        while node is not None:
            if node.type == "object_elem":
                return None, env_name(ref.file, node)
            if node.type == "attribute":
                attribute = self.graph.attribute_of(node, ref.file)
                return (attribute.name if attribute else None), None
            node = node.parent
        return None, None

    # --- classifying a reference to something removed ----------------------------------

    def _top_block(self, ref: Ref) -> Block | None:
        node = ref.node
        top = None
        while node is not None:
            if node.type == "block":
                top = node
            node = node.parent
        return self.graph.block_of(top, ref.file) if top is not None else None

    def _enclosing_attributes(self, ref: Ref) -> list[Attribute]:
        out = []
        node = ref.node.parent
        while node is not None:
            if node.type == "attribute":
                attribute = self.graph.attribute_of(node, ref.file)
                if attribute is not None:
                    out.append(attribute)
            node = node.parent
        return out

    def _whole_value(self, ref: Ref) -> Node | None:
        """The expression node whose whole value is ``ref`` (``x`` or ``"${x}"``)."""
        expression = ref.node.parent
        if expression is None or expression.type != "expression":
            return None
        if ref.file.span(expression) != (ref.start, ref.end):
            return None
        parent = expression.parent
        if parent is not None and parent.type == "template_interpolation":
            template = parent.parent
            if template is None or template.type != "quoted_template":
                return None
            inner = [c for c in template.named_children if c.type not in _QUOTES]
            if inner != [parent] or template.parent is None:
                return None
            outer = template.parent.parent
            if outer is None or outer.type != "expression":
                return None
            expression = outer
        return expression

    def _classify(self, ref: Ref, seed: Member) -> Member | Blocker:
        file = ref.file
        outcome = self._classify_site(ref)
        if isinstance(outcome, Member) and not self.graph.is_editable(file):
            return Blocker(ref, "read-only")
        if isinstance(outcome, Blocker):
            top = self._top_block(ref)
            if top is not None:
                key = (str(file.path), top.node.start_byte, top.node.end_byte)
                other = self._seeds.get(key)
                if other is not None and other.key != seed.key:
                    if not self.graph.is_editable(file):
                        return Blocker(ref, "read-only")
                    merged = Member(
                        "merged",
                        other.code,
                        other.file,
                        other.node,
                        other.start,
                        other.end,
                        other.label,
                        other.address,
                        ref,
                        other.unsafe,
                        other.agent,
                    )
                    return merged
        return outcome

    def _classify_site(self, ref: Ref) -> Member | Blocker:
        file = ref.file
        whole = self._whole_value(ref)
        holder = whole.parent if whole is not None else None
        top = self._top_block(ref)
        attributes = self._enclosing_attributes(ref)

        if holder is not None and holder.type == "object_elem":
            if holder.child_by_field_name("val") == whole:
                name = env_name(file, holder)
                code = None
                if name is not None and coderapi.is_prompt_env(name):
                    code = "TC505"
                elif name is not None and name in coderapi.LLM_KEY_ENV:
                    code = "TC506"
                label = name or file.node_text(holder).split("=")[0].strip()
                return Member("drop", code, file, holder, *file.span(holder), label, via=ref)
        if holder is not None and holder.type == "function_arguments":
            call = holder.parent
            name_node = call.child_by_field_name("name") if call is not None else None
            identifier = name_node or (
                next((c for c in call.children if c.type == "identifier"), None) if call else None
            )
            if identifier is not None and file.node_text(identifier) == "merge":
                return Member("drop", None, file, whole, *file.span(whole), ref.text, via=ref)

        if top is None:
            return Blocker(ref, "top-level")
        local = next(
            (a for a in attributes if a.block is not None and a.block.type == "locals"), None
        )
        if local is not None and local.block is top:
            return Member(
                "dependent",
                "TC507",
                file,
                local.node,
                local.start,
                local.end,
                f"local.{local.name}",
                f"local.{local.name}",
                ref,
                unsafe=True,
            )
        if top.type == "output":
            if not self.graph.is_root:
                return Blocker(ref, "child-output")
            member = self._block_member("dependent", "TC507", top, unsafe=True)
            member.via = ref
            return member
        if top.resource_type == "coder_metadata" and top.type == "resource":
            item = next(
                (a for a in attributes if a.block is not None and a.block.type == "item"), None
            )
            if item is not None and holder is not None and holder.type == "attribute":
                if item.name == "value" and item.block is not None:
                    return Member(
                        "drop",
                        None,
                        file,
                        item.block.node,
                        item.block.start,
                        item.block.header_end,
                        "item",
                        via=ref,
                    )
            member = self._block_member("dependent", "TC507", top, unsafe=True)
            member.via = ref
            return member
        direct = next((a for a in attributes if a.block is top), None)
        if (
            top.type == "resource"
            and top.resource_type in coderapi.DECORATION_RESOURCES
            and direct is not None
            and direct.name in ("count", "for_each")
        ):
            member = self._block_member("dependent", "TC507", top, unsafe=True)
            member.via = ref
            return member

        if holder is None or holder.type != "attribute" or not attributes:
            return Blocker(ref, "expression")
        attribute = attributes[0]
        if top.type == "resource" and top.resource_type == "coder_env" and attribute.block is top:
            if attribute.name == "value":
                name = top.string_attribute("name") or ""
                code = None
                if coderapi.is_prompt_env(name):
                    code = "TC505"
                elif name in coderapi.LLM_KEY_ENV:
                    code = "TC506"
                member = self._block_member("drop", code, top)
                member.via = ref
                return member
            return Blocker(ref, "argument")
        if top.type == "module" and attribute.block is top:
            if attribute.name in MODULE_META_ARGUMENTS:
                return Blocker(ref, "meta-argument")
            agent = agent_module(top)
            code = "TC504" if attribute.name in coderapi.MODULE_TASK_INPUTS else None
            if agent is not None:
                return self._argument_member(attribute, code, ref)
            variables = self.graph.child_variables(top)
            if variables is None:
                return Blocker(ref, "unknown-module")
            if variables.get(attribute.name, False):
                return self._argument_member(attribute, code or "TC504", ref)
            return Blocker(ref, "required-input")
        return Blocker(ref, "argument")

    def _argument_member(self, attribute: Attribute, code: str | None, ref: Ref) -> Member:
        member = self._attribute_member("drop", code, attribute)
        member.via = ref
        if attribute.block is not None:
            member.owner = attribute.block.address or attribute.block.describe()
        return member

    # --- notes ---------------------------------------------------------------------------

    def _add_notes(self) -> None:
        covered = {m.key for g in self.groups for m in g.members if g.fixable}
        for block in self.graph.top_blocks():
            agent = agent_module(block)
            if agent is None:
                continue
            dropped = tasks_dropped(block, agent)
            for name in coderapi.MODULE_TASK_INPUTS:
                attribute = block.attributes.get(name)
                if attribute is None:
                    continue
                key = (str(block.file.path), attribute.node.start_byte, attribute.node.end_byte)
                if key in covered or self._is_member(key):
                    continue
                module_name = agent.name.split("/")[-1]
                if dropped:
                    message = (
                        f"`{name}` is not an input of the {module_name} version this module "
                        f"asks for: {agent.next_major_note or 'its Tasks inputs were dropped'}"
                        "; remove the argument"
                    )
                elif next_major_dropped_tasks(block, agent):
                    message = (
                        f"`{name}` is a Tasks input of {module_name} "
                        f"{agent.last_tasks_major}.x; {agent.next_major_note}: remove the "
                        "module (TC506), or drop the input when you upgrade it"
                    )
                elif name in coderapi.MODULE_PROMPT_INPUTS:
                    message = (
                        f"`{name}` passes the task prompt into module `{block.labels[0]}`; with "
                        "Chats the prompt is the chat's first message: remove the argument "
                        "and what feeds it"
                    )
                else:
                    continue
                self.notes.append(
                    Note("TC504", block.file, attribute.start, attribute.end, message)
                )
        for file, element, name in self._env_elements:
            key = (str(file.path), element.start_byte, element.end_byte)
            if coderapi.is_prompt_env(name) and not self._in_group(key):
                self.notes.append(
                    Note(
                        "TC505",
                        file,
                        *file.span(element),
                        f"`{name}` passes Tasks wiring into the workspace and feeds nothing "
                        "the tool removes; remove it once nothing in the workspace reads it",
                    )
                )
        for block, name in self._coder_envs:
            key = (str(block.file.path), block.node.start_byte, block.node.end_byte)
            if coderapi.is_prompt_env(name) and not self._in_group(key):
                self.notes.append(
                    Note(
                        "TC505",
                        block.file,
                        block.start,
                        block.header_end,
                        f"coder_env `{name}` passes Tasks wiring into the workspace and feeds "
                        "nothing the tool removes; remove it once nothing in the workspace "
                        "reads it",
                    )
                )
        self._schema_notes()

    def _is_member(self, key: tuple[str, int, int]) -> bool:
        return any(member.key == key for group in self.groups for member in group.members)

    def _in_group(self, key: tuple[str, int, int]) -> bool:
        for group in self.groups:
            for member in group.members:
                if member.key == key:
                    return True
                if member.key[0] == key[0] and member.key[1] <= key[1] and key[2] <= member.key[2]:
                    return True
        return False

    def _schema_notes(self) -> None:
        for file in self.graph.files:
            for ref in file.refs:
                parts = ref.address.split(".")
                if parts[0] == "data" and parts[1] == coderapi.AI_TASK_RESOURCE:
                    self.notes.append(
                        Note(
                            "TC501",
                            file,
                            ref.start,
                            ref.end,
                            f"`{ref.text}` reads a data source the provider does not have; "
                            f"the task's prompt was `data.{coderapi.TASK_DATA_SOURCE}.<name>"
                            ".prompt`, which Chats replace with the chat's first message",
                        )
                    )
                    continue
                schema = None
                code = ""
                if parts[0] == "data" and parts[1] == coderapi.TASK_DATA_SOURCE:
                    schema, code = coderapi.TASK_DATA_ATTRIBUTES, "TC502"
                elif parts[0] == coderapi.AI_TASK_RESOURCE:
                    schema, code = coderapi.AI_TASK_ATTRIBUTES, "TC501"
                if schema is None or not ref.attrs or ref.attrs[0] in schema:
                    continue
                self.notes.append(
                    Note(
                        code,
                        file,
                        ref.start,
                        ref.end,
                        f"`{ref.text}`: `{parts[-2] if parts[0] == 'data' else parts[0]}` has "
                        f"no attribute `{ref.attrs[0]}` (it has {', '.join(schema)})",
                    )
                )


_QUOTES = frozenset({"quoted_template_start", "quoted_template_end"})


def _span_bytes(node: Node) -> tuple[int, int]:
    return node.start_byte, node.end_byte


def _has_error(node: Node) -> bool:
    return node.has_error


def _pseudo_ref(member: Member) -> Ref:
    return Ref(
        member.address or member.label, (), member.start, member.end, member.node, member.file
    )


def _unique_blockers(blockers: list[Blocker]) -> list[Blocker]:
    seen: set[tuple[str, int]] = set()
    out = []
    for blocker in sorted(blockers, key=lambda b: (str(b.ref.file.path), b.ref.start)):
        key = (str(blocker.ref.file.path), blocker.ref.start)
        if key in seen:
            continue
        seen.add(key)
        out.append(blocker)
    return out
