//! The theme's own words (labels, buttons, headings) in the languages `theme.language` may
//! name: English, German, French, Spanish, Italian, Chinese and Japanese. Templates get them
//! as `lang.KEY`; a language without words falls back to English.

use serde_json::{Map, Value};

/// Each key with its words in en, de, fr, es, it, zh, ja (the order of `LANGUAGES`).
const WORDS: &[(&str, [&str; 7])] = &[
    (
        "toc",
        [
            "Table of contents",
            "Inhaltsverzeichnis",
            "Table des matières",
            "Tabla de contenidos",
            "Indice",
            "目录",
            "目次",
        ],
    ),
    (
        "search",
        [
            "Search",
            "Suchen",
            "Rechercher",
            "Buscar",
            "Cerca",
            "搜索",
            "検索",
        ],
    ),
    (
        "search_none",
        [
            "No matching posts or pages",
            "Keine passenden Seiten",
            "Aucun résultat",
            "Sin resultados",
            "Nessun risultato",
            "没有找到符合条件的结果",
            "該当する結果がありません",
        ],
    ),
    (
        "back_to_top",
        [
            "Back to top",
            "Zurück zum Seitenanfang",
            "Retour en haut de la page",
            "Volver al principio",
            "Torna su",
            "回到页面顶部",
            "先頭へ戻る",
        ],
    ),
    (
        "previous",
        [
            "Previous",
            "Zurück",
            "Précédent",
            "Anterior",
            "Precedente",
            "上一页",
            "前へ",
        ],
    ),
    (
        "next",
        [
            "Next",
            "Weiter",
            "Suivant",
            "Siguiente",
            "Successivo",
            "下一页",
            "次へ",
        ],
    ),
    (
        "continue_reading",
        [
            "Continue reading",
            "Weiterlesen",
            "Lire la suite",
            "Seguir leyendo",
            "Continua a leggere",
            "继续阅读",
            "続きを読む",
        ],
    ),
    (
        "min_read",
        [
            "min read",
            "Min. Lesezeit",
            "min de lecture",
            "min de lectura",
            "min di lettura",
            "分钟阅读",
            "分で読めます",
        ],
    ),
    (
        "archive",
        [
            "Archive",
            "Archiv",
            "Archives",
            "Archivo",
            "Archivio",
            "归档",
            "アーカイブ",
        ],
    ),
    (
        "categories",
        [
            "Categories",
            "Kategorien",
            "Catégories",
            "Categorías",
            "Categorie",
            "分类",
            "カテゴリ",
        ],
    ),
    (
        "category",
        [
            "Category",
            "Kategorie",
            "Catégorie",
            "Categoría",
            "Categoria",
            "分类",
            "カテゴリ",
        ],
    ),
    (
        "author",
        [
            "Author", "Autor", "Auteur", "Autor", "Autore", "作者", "著者",
        ],
    ),
    ("in", ["In", "In", "Dans", "En", "In", "在", "カテゴリ"]),
    (
        "skip",
        [
            "Skip to content",
            "Zum Inhalt",
            "Aller au contenu",
            "Ir al contenido",
            "Vai al contenuto",
            "跳转至",
            "コンテンツにスキップ",
        ],
    ),
    (
        "copy",
        [
            "Copy to clipboard",
            "In Zwischenablage kopieren",
            "Copier dans le presse-papier",
            "Copiar al portapapeles",
            "Copia negli appunti",
            "复制",
            "クリップボードへコピー",
        ],
    ),
    (
        "copied",
        [
            "Copied to clipboard",
            "In Zwischenablage kopiert",
            "Copié dans le presse-papier",
            "Copiado al portapapeles",
            "Copiato negli appunti",
            "已复制",
            "コピーしました",
        ],
    ),
    (
        "comments",
        [
            "Comments",
            "Kommentare",
            "Commentaires",
            "Comentarios",
            "Commenti",
            "评论",
            "コメント",
        ],
    ),
    (
        "edit",
        [
            "Edit this page",
            "Seite bearbeiten",
            "Modifier cette page",
            "Editar esta página",
            "Modifica questa pagina",
            "编辑此页",
            "このページを編集",
        ],
    ),
    (
        "view",
        [
            "View source of this page",
            "Quellcode der Seite anzeigen",
            "Afficher la source de la page",
            "Ver el código fuente",
            "Visualizza sorgente",
            "查看本页的源代码",
            "ソースを表示",
        ],
    ),
    (
        "source",
        [
            "Go to repository",
            "Zum Repository",
            "Aller au dépôt",
            "Ir al repositorio",
            "Vai al repository",
            "前往仓库",
            "リポジトリへ",
        ],
    ),
    (
        "menu",
        [
            "Navigation",
            "Navigation",
            "Navigation",
            "Navegación",
            "Navigazione",
            "导航",
            "ナビゲーション",
        ],
    ),
    (
        "close",
        [
            "Close",
            "Schließen",
            "Fermer",
            "Cerrar",
            "Chiudi",
            "关闭",
            "閉じる",
        ],
    ),
    (
        "palette",
        [
            "Switch colour scheme",
            "Farbschema wechseln",
            "Changer de thème",
            "Cambiar esquema de color",
            "Cambia schema di colori",
            "切换配色",
            "配色を切り替え",
        ],
    ),
    (
        "newer",
        [
            "Newer",
            "Neuer",
            "Plus récent",
            "Más reciente",
            "Più recente",
            "较新",
            "新しい記事",
        ],
    ),
    (
        "older",
        [
            "Older",
            "Älter",
            "Plus ancien",
            "Más antiguo",
            "Meno recente",
            "较旧",
            "古い記事",
        ],
    ),
    (
        "all_posts",
        [
            "All posts",
            "Alle Beiträge",
            "Tous les articles",
            "Todas las entradas",
            "Tutti gli articoli",
            "所有文章",
            "すべての記事",
        ],
    ),
    (
        "updated",
        [
            "Updated",
            "Aktualisiert",
            "Mis à jour",
            "Actualizado",
            "Aggiornato",
            "更新于",
            "更新日",
        ],
    ),
    (
        "pinned",
        [
            "Pinned",
            "Angeheftet",
            "Épinglé",
            "Fijado",
            "In evidenza",
            "置顶",
            "固定",
        ],
    ),
    (
        "draft",
        [
            "Draft",
            "Entwurf",
            "Brouillon",
            "Borrador",
            "Bozza",
            "草稿",
            "下書き",
        ],
    ),
    (
        "more_posts",
        [
            "More posts",
            "Weitere Beiträge",
            "Autres articles",
            "Más entradas",
            "Altri articoli",
            "更多文章",
            "その他の記事",
        ],
    ),
    (
        "pages",
        [
            "Pages",
            "Seiten",
            "Pages",
            "Páginas",
            "Pagine",
            "页面",
            "ページ",
        ],
    ),
    (
        "follow",
        [
            "Follow",
            "Folgen",
            "Suivre",
            "Seguir",
            "Segui",
            "关注",
            "フォロー",
        ],
    ),
    (
        "made_with",
        [
            "Made with",
            "Erstellt mit",
            "Fait avec",
            "Hecho con",
            "Realizzato con",
            "使用",
            "作成",
        ],
    ),
    (
        "not_found",
        [
            "Page not found",
            "Seite nicht gefunden",
            "Page introuvable",
            "Página no encontrada",
            "Pagina non trovata",
            "页面未找到",
            "ページが見つかりません",
        ],
    ),
    (
        "not_found_text",
        [
            "The page you asked for does not exist. Try the",
            "Die Seite gibt es nicht. Zur",
            "Cette page n'existe pas. Essayez la",
            "La página no existe. Pruebe la",
            "La pagina non esiste. Prova la",
            "该页面不存在。请前往",
            "このページは存在しません。",
        ],
    ),
    (
        "home",
        [
            "home page",
            "Startseite",
            "page d'accueil",
            "página de inicio",
            "pagina iniziale",
            "首页",
            "ホームへ",
        ],
    ),
    (
        "dismiss",
        [
            "Don't show this again",
            "Nicht mehr anzeigen",
            "Ne plus afficher",
            "No mostrar de nuevo",
            "Non mostrare più",
            "不再显示",
            "今後表示しない",
        ],
    ),
];

/// The languages of `WORDS`' columns.
pub const LANGUAGES: [&str; 7] = ["en", "de", "fr", "es", "it", "zh", "ja"];

/// The theme's words in `language` (`de`, `de-CH`, `zh_TW`, ...), English for a language
/// blogen has no words in.
pub fn words(language: &str) -> Value {
    let base = crate::config::theme_base_language(language).to_ascii_lowercase();
    let col = LANGUAGES.iter().position(|l| *l == base).unwrap_or(0);
    let map: Map<String, Value> = WORDS
        .iter()
        .map(|(k, w)| (k.to_string(), Value::String(w[col].to_string())))
        .collect();
    Value::Object(map)
}

/// The word `key` in `language` (English, then the key itself, when it is missing).
pub fn word(language: &str, key: &str) -> String {
    words(language)
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or(key)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_word_and_regions_fall_back() {
        for (k, w) in WORDS {
            assert!(w.iter().all(|s| !s.is_empty()), "{k}");
        }
        assert_eq!(word("de", "toc"), "Inhaltsverzeichnis");
        assert_eq!(word("zh-TW", "search"), "搜索");
        assert_eq!(word("xx", "next"), "Next");
        assert_eq!(LANGUAGES.as_slice(), crate::config::THEME_LANGUAGES);
    }
}
