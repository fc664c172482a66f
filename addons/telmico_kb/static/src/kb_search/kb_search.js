import { Component, markup, onWillStart, useState } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { KeepLast } from "@web/core/utils/concurrency";
import { useAutofocus, useService } from "@web/core/utils/hooks";
import { useDebounced } from "@web/core/utils/timing";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const SEARCH_DELAY = 250; // ms: search as the operator types, once the typing pauses

const KINDS = [
    { key: "", label: _t("All") },
    { key: "script", label: _t("Scripts") },
    { key: "article", label: _t("Articles") },
    { key: "news", label: _t("News") },
];

/** Server HTML (escaped and marked by the server) shown as HTML. */
function withMarkup(result) {
    return { ...result, title: markup(result.title), snippet: markup(result.snippet) };
}

/**
 * The knowledge base for an operator under time pressure: one search box (Georgian, Latin-typed
 * Georgian, partial words and typos all work), results with the matched words marked, and the page
 * read beside them with its answer to copy. Searching happens on the server (telmico.kb.article.kb_search).
 */
export class KbSearch extends Component {
    static template = "telmico_kb.KbSearch";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.notification = useService("notification");
        this.keepLast = new KeepLast();
        this.kinds = KINDS;
        this.state = useState({
            query: this.props.action?.context?.kb_query || "",
            kind: "",
            searched: false,
            results: [],
            count: 0,
            more: false,
            partial: false,
            corrections: [],
            home: { news: [], popular: [], recent: [], unread_count: 0 },
            article: null,
        });
        useAutofocus({ refName: "query" });
        this.debouncedSearch = useDebounced(() => this.search(), SEARCH_DELAY);
        onWillStart(async () => {
            this.state.home = await this.loadHome();
            if (this.state.query) {
                await this.search();
            }
        });
    }

    async loadHome() {
        const home = await this.orm.call("telmico.kb.article", "kb_home", []);
        for (const key of ["news", "popular", "recent"]) {
            home[key] = home[key].map(withMarkup);
        }
        return home;
    }

    onInput(ev) {
        this.state.query = ev.target.value;
        this.debouncedSearch();
    }

    onKeydown(ev) {
        if (ev.key === "Enter") {
            this.search();
        } else if (ev.key === "Escape") {
            this.clear();
        }
    }

    setKind(kind) {
        this.state.kind = kind;
        this.search();
    }

    clear() {
        Object.assign(this.state, { query: "", searched: false, results: [], count: 0, corrections: [] });
    }

    async search() {
        const query = this.state.query.trim();
        if (!query) {
            this.clear();
            return;
        }
        const data = await this.keepLast.add(
            this.orm.call("telmico.kb.article", "kb_search", [query], {
                kind: this.state.kind || false,
                limit: 30,
            })
        );
        Object.assign(this.state, {
            searched: true,
            results: data.results.map(withMarkup),
            count: data.count,
            more: data.more,
            partial: data.partial,
            corrections: data.corrections,
        });
    }

    async open(result) {
        const article = await this.orm.call("telmico.kb.article", "kb_read", [[result.id]]);
        article.body = markup(article.body);
        article.answer = markup(article.answer);
        this.state.article = article;
    }

    closeArticle() {
        this.state.article = null;
    }

    async copyAnswer() {
        const article = this.state.article;
        if (!browser.navigator.clipboard) {
            // only secure pages (https, localhost) may write to the clipboard
            this.notification.add(_t("Select the answer and copy it (Ctrl+C)."), { type: "warning" });
            return;
        }
        await browser.navigator.clipboard.writeText(article.answer_text || article.summary || article.name);
        this.notification.add(_t("The answer is copied: paste it into your reply."), { type: "success" });
    }

    async feedback(helpful) {
        const article = this.state.article;
        const counts = await this.orm.call("telmico.kb.article", "kb_feedback", [[article.id], helpful]);
        Object.assign(article, counts, { feedbackGiven: true });
    }

    async confirmRead() {
        const article = this.state.article;
        await this.orm.call("telmico.kb.article", "action_confirm_read", [[article.id]]);
        article.is_read = true;
        this.state.home = await this.loadHome();
    }

    edit() {
        return this.actionService.doAction({
            type: "ir.actions.act_window",
            res_model: "telmico.kb.article",
            res_id: this.state.article.id,
            views: [[false, "form"]],
            target: "current",
        });
    }

    get resultsTitle() {
        if (!this.state.count) {
            return _t("Nothing found for “%s”", this.state.query);
        }
        if (this.state.more) {
            return _t("More than %s pages", this.state.count);
        }
        return this.state.count === 1 ? _t("1 page") : _t("%s pages", this.state.count);
    }
}

registry.category("actions").add("telmico_kb.search", KbSearch);
