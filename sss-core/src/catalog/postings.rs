//! Sorted lists of product positions and the set operations queries need.
//!
//! A product's position is its place in the default (relevance) order, so a list sorted by
//! position is already in relevance order.

/// The products in both `a` and `b`.
pub(super) fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut out = Vec::with_capacity(small.len());
    if small.len() * 16 < large.len() {
        // Few against many: gallop through the large list.
        let mut rest = large;
        for &x in small {
            let mut step = 1;
            while step < rest.len() && rest[step] < x {
                step *= 2;
            }
            let end = (step + 1).min(rest.len());
            match rest[..end].binary_search(&x) {
                Ok(i) => {
                    out.push(x);
                    rest = &rest[i + 1..];
                }
                Err(i) => rest = &rest[i..],
            }
            if rest.is_empty() {
                break;
            }
        }
    } else {
        let (mut i, mut j) = (0, 0);
        while i < small.len() && j < large.len() {
            match small[i].cmp(&large[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    out.push(small[i]);
                    i += 1;
                    j += 1;
                }
            }
        }
    }
    out
}

/// Calls `hit(i)` for every place `i` of `set` whose product is also in `list`, in order.
pub(super) fn for_each_common(set: &[u32], list: &[u32], mut hit: impl FnMut(usize)) {
    if set.len() * 16 < list.len() {
        // Few against many: gallop through the long list.
        let mut rest = list;
        for (i, &x) in set.iter().enumerate() {
            let mut step = 1;
            while step < rest.len() && rest[step] < x {
                step *= 2;
            }
            let end = (step + 1).min(rest.len());
            match rest[..end].binary_search(&x) {
                Ok(j) => {
                    hit(i);
                    rest = &rest[j + 1..];
                }
                Err(j) => rest = &rest[j..],
            }
            if rest.is_empty() {
                break;
            }
        }
    } else {
        let mut j = 0;
        for (i, &x) in set.iter().enumerate() {
            while j < list.len() && list[j] < x {
                j += 1;
            }
            if j == list.len() {
                break;
            }
            if list[j] == x {
                hit(i);
            }
        }
    }
}

/// The products in any of `lists`.
pub(super) fn union(lists: &[&[u32]]) -> Vec<u32> {
    let mut out: Vec<u32> = lists.iter().flat_map(|l| l.iter().copied()).collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn set(v: Vec<u32>) -> Vec<u32> {
        let mut v = v;
        v.sort_unstable();
        v.dedup();
        v
    }

    proptest! {
        #[test]
        fn intersect_matches_a_naive_one(a in proptest::collection::vec(0u32..2000, 0..300),
                                         b in proptest::collection::vec(0u32..2000, 0..30)) {
            let (a, b) = (set(a), set(b));
            let naive: Vec<u32> = a.iter().copied().filter(|x| b.contains(x)).collect();
            prop_assert_eq!(intersect(&a, &b), naive.clone());
            prop_assert_eq!(intersect(&b, &a), naive.clone());
            prop_assert_eq!(union(&[&a, &b]).len(), a.len() + b.len() - intersect(&a, &b).len());
            for (x, y) in [(&a, &b), (&b, &a)] {
                let mut common = Vec::new();
                for_each_common(x, y, |i| common.push(x[i]));
                prop_assert_eq!(common, intersect(&a, &b));
            }
        }
    }
}
